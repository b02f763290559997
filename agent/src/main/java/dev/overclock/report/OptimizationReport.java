package dev.overclock.report;

import java.time.Instant;

/**
 * One change {@code auto=optimize} made, tried or refused on its own: memoization of a method
 * nobody annotated ({@code memoize}), or a thread pool moved to virtual threads ({@code pool}, see
 * {@link Pool}). Times are nanoseconds; no argument or result value ever appears (a failed
 * verification names them by salted hashes, see {@code memoize.showvalues}).
 *
 * @param key the method's key (class, method, descriptor); for a pool, its creation site as in
 *     the report's {@code pools[].site}
 * @param name {@code com.acme.Pricing::quote}; for a pool, the method that created it
 * @param change {@code memoize} or {@code pool}
 * @param state {@code verifying} (memoized, every hit still runs the method to compare: the cache
 *     serves nothing yet), {@code applied} (the cache answers calls, a decaying share of hits is
 *     still verified), {@code undone} (taken back: see {@code reason}; never tried again in this
 *     run) or {@code refused} (never applied: see {@code reason})
 * @param reason why it was applied (its evidence), undone or refused
 * @param evidence for an undo after a failed verification: the arguments' and results' hashes
 * @param at when the state was last changed
 * @param repeatRate the sampled arguments' repeat rate (the estimated hit rate), 0..1
 * @param perCallNanosBefore mean time per call in the window before it was applied; -1 unknown
 * @param perCallNanosAfter mean time per call while the cache served (hits included); -1 unknown
 * @param hits calls answered from the cache
 * @param verifyChecks hits that ran the method anyway and compared the results
 * @param gain the latest test of the gain (see {@link Gain}); {@code null} until one was made
 * @param undoneBecause for an undone change, why in one word (for counters and alerts): {@code
 *     mismatch} (a verified call returned another result), {@code arguments-changed} (a verified
 *     call changed its arguments), {@code slower}, {@code no-gain} (not proven in time), {@code
 *     never-served} (its cache answered no call) or {@code not-memoizable} (its class could not
 *     be woven); for a pool {@code no-gain}, {@code pinned} or {@code detached}; {@code null}
 *     otherwise
 * @param pool for a {@code pool} change, the pool and the gain check's figures; {@code null} for
 *     a memoization
 */
public record OptimizationReport(
    String key,
    String name,
    String change,
    String state,
    String reason,
    String evidence,
    Instant at,
    double repeatRate,
    double perCallNanosBefore,
    double perCallNanosAfter,
    long hits,
    long verifyChecks,
    Gain gain,
    String undoneBecause,
    Pool pool) {

  /** A memoization's entry (no {@link Pool}). */
  public OptimizationReport(String key, String name, String change, String state, String reason,
      String evidence, Instant at, double repeatRate, double perCallNanosBefore,
      double perCallNanosAfter, long hits, long verifyChecks, Gain gain, String undoneBecause) {
    this(key, name, change, state, reason, evidence, at, repeatRate, perCallNanosBefore,
        perCallNanosAfter, hits, verifyChecks, gain, undoneBecause, null);
  }

  /**
   * A thread pool {@code auto=optimize} moved to virtual threads: its entry, in the memoizations'
   * shape where it fits ({@code perCallNanosBefore}/{@code After}: the mean time a task ran before
   * and after the move; no repeat rate, hits, verified calls or rank test).
   */
  public static OptimizationReport of(dev.overclock.offload.PoolMove move) {
    PoolReport site = PoolReport.of(move.site(), null);
    return new OptimizationReport(move.site(), site.className() + "::" + site.methodName(),
        "pool", move.state(), move.reason(), move.evidence(), move.at(), 0,
        move.taskNanosBefore(), move.taskNanosAfter(), 0, 0, null, move.undoneBecause(),
        new Pool(site.where(), site.factory(), move.poolSize(), move.movedAt(),
            move.platformPerSecond(), move.virtualPerSecond(), move.gain(), move.verdict()));
  }

  /**
   * A thread pool's move to virtual threads, measured before and after: the pool's saturated rate
   * on its own threads, then its rate once it settled on virtual threads.
   *
   * @param where {@code com.acme.Shop::start:42}
   * @param factory {@code Executors.newFixedThreadPool}, {@code Executors.newCachedThreadPool} or
   *     {@code new ThreadPoolExecutor}
   * @param size how many tasks the pool ran at once on its own threads
   * @param movedAt when new tasks started going to virtual threads
   * @param platformPerSecond tasks ended per second on its platform threads before the move; -1
   *     unknown
   * @param virtualPerSecond and after it, -1 until measured (may be infinite)
   * @param gain the second over the first; -1 until measured
   * @param verdict {@code waiting}, {@code proven} (the move paid: it stays), {@code refuted} (it
   *     did not: moved back), or {@code null} when it moved back before the check ended
   */
  public record Pool(String where, String factory, int size, Instant movedAt,
      double platformPerSecond, double virtualPerSecond, double gain, String verdict) {}

  /** The values of {@link #undoneBecause}, in the order the counters list them. */
  public static final java.util.List<String> UNDONE_BECAUSE = java.util.List.of("mismatch",
      "arguments-changed", "slower", "no-gain", "never-served", "not-memoizable");

  /** The values of {@link #undoneBecause} for a pool, in the order the counters list them. */
  public static final java.util.List<String> POOL_UNDONE_BECAUSE =
      java.util.List.of("no-gain", "pinned", "detached");

  /**
   * The statistical test of a memoization's gain: the latencies of the timed calls in the window
   * before it was applied against those since its cache served, compared by a one-sided
   * Mann-Whitney U test, plus a minimum ratio of the medians (a test on thousands of calls calls
   * any difference significant; the ratio says whether it matters).
   *
   * @param callsBefore timed calls in the sample without the cache
   * @param callsAfter timed calls in the sample with it (hits, misses and verified calls)
   * @param medianNanosBefore their median latency without the cache
   * @param medianNanosAfter and with it
   * @param pValue the one-sided p-value of "faster with the cache"
   * @param verdict {@code proven} (significant and at least the minimum ratio: kept), {@code
   *     waiting} (not proven yet; tested again next window until the bound) or {@code refuted}
   *     (not proven within the bound, or significantly slower: undone)
   */
  public record Gain(long callsBefore, long callsAfter, double medianNanosBefore,
      double medianNanosAfter, double pValue, String verdict) {

    /** Whether the change is proven to pay. */
    public boolean proven() {
      return "proven".equals(verdict);
    }
  }

  /** Whether this change is applied, verified and its gain proven: worth making permanent. */
  public boolean proven() {
    return state.equals("applied") && (pool == null
        ? gain != null && gain.proven() : "proven".equals(pool.verdict()));
  }
}
