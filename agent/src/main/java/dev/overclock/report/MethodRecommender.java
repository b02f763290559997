package dev.overclock.report;

import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.Classification;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.MethodSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies a timed method as CPU-bound, blocking or mixed, and phrases what to do about it,
 * with the evidence in numbers, an estimated saving, and the annotation or configuration line
 * that applies the change.
 *
 * <h2>Two kinds of evidence</h2>
 *
 * With {@code cpu=true} the agent measures the thread CPU time of sampled calls: the most
 * direct evidence, used first. Otherwise JFR's execution samples stand in: a thread running Java
 * code is sampled every interval, so a method's samples times the interval estimate its time on
 * CPU, and comparing that with its timed wall time over the same period gives its CPU share.
 * The two differ in one way that matters: a thread that waits for a core (more runnable threads
 * than cores) is off CPU by thread CPU time, but still "in Java" for JFR's sampler. So the
 * CPU-saturation caveat (off-CPU time may be waiting for a core) applies to measured CPU time
 * only; a method JFR sees blocked really waited (for I/O, a lock, a sleep).
 *
 * <h2>Recommendations</h2>
 *
 * Memoization needs a CPU-bound method whose arguments repeat: the agent samples argument hashes
 * of such methods, and recommends {@code @Memoize} when at least half of the sampled calls
 * repeated earlier arguments (the hit-rate floor of MemoizeIt, Della Toffola et al., OOPSLA
 * 2015). Offloading needs a blocking method called from platform threads whose callers do not
 * need its result at once (it returns nothing, or a future): offloading a method that returns a
 * value frees nothing, the caller's thread waits for the result all the same. A method is called
 * blocking by JFR evidence only where blocking events explain its off-CPU time; off-CPU time no
 * event explains (threads waiting for a core, JFR sampling only some of many busy threads) is
 * judged by the time seen in samples against the time seen waiting. A method that is
 * memoized already is never told to be memoized: its suggestion says how its cache does, or that
 * memoization found it unsafe, and is not a report-level recommendation.
 */
public final class MethodRecommender {

  /** The share of repeated arguments from which memoization is recommended (MemoizeIt). */
  public static final double MEMOIZE_MIN_REPEAT = 0.5;

  /** Fewer sampled calls than this say nothing about repeated arguments. */
  public static final long MIN_ARGUMENT_SAMPLES = 50;

  /**
   * JFR evidence classifies a method once its timed wall time would hold this many execution
   * samples had it been on CPU all along.
   */
  public static final int MIN_SAMPLE_INTERVALS = 25;

  /** Fewer completed calls than this are too few to base a change of the method on. */
  public static final long MIN_CALLS = 10;

  /**
   * JFR evidence from fewer execution samples than this, and fewer blocking events than {@link
   * #MIN_BLOCKING_EVENTS}, is too thin to base a change of the method on: a few samples of a
   * start-up phase, one long wait.
   */
  public static final long MIN_EVIDENCE_SAMPLES = 10;

  /** See {@link #MIN_EVIDENCE_SAMPLES}. */
  public static final long MIN_BLOCKING_EVENTS = 5;

  /** A share of virtual-thread blocking events above which offloading would not help. */
  static final double VIRTUAL_DOMINANT = 0.9;

  /** The annotation package, for the lines that apply a recommendation. */
  static final String ANNOTATIONS = "dev.overclock.annotations.";

  /** The kind and configuration line of running a thread pool on virtual threads. */
  public static final String EXECUTORS_KIND = "executors";
  public static final String EXECUTORS_CONFIG = "offload.executors=virtual";

  /** The options that apply memoization and offloading by configuration (filter notation). */
  static final String MEMOIZE_OPTION = "memoize";
  static final String OFFLOAD_OPTION = "offload";

  private MethodRecommender() {}

  /**
   * A classification and what it rests on.
   *
   * @param basis {@code cpu-time}, {@code jfr}, or {@code null} when unclassified for want of
   *     evidence ({@code jfr} when JFR's evidence could not tell, see {@link #classify})
   * @param cpuShare the share of wall time on CPU it was judged by
   */
  public record Verdict(Classification classification, String basis, double cpuShare) {
    static final Verdict NONE = new Verdict(Classification.UNCLASSIFIED, null, 0);
  }

  /**
   * What to do about one method, with its evidence: shown on the method's row, and raised to a
   * report-level {@link Report.Recommendation} when it has a kind and the method matters enough.
   *
   * @param kind {@code memoize}, {@code offload}, {@code investigate}, or {@code null} for a
   *     remark on the method alone that is no recommendation (a method memoized already)
   */
  record Suggestion(String text, String kind, long savingNanos, String apply, String config) {}

  /**
   * Classifies by measured CPU time where there is enough of it, else by JFR execution samples.
   *
   * @param sampleIntervalNanos JFR's sampling interval, 0 when there is no JFR evidence
   */
  public static Verdict classify(
      MethodSnapshot method, MethodReport.Evidence evidence, long sampleIntervalNanos) {
    Classification measured = method.classification();
    if (measured != Classification.UNCLASSIFIED) {
      return new Verdict(measured, "cpu-time", method.cpu().cpuShare());
    }
    if (evidence != null && sampleIntervalNanos > 0
        && evidence.wallNanos() >= MIN_SAMPLE_INTERVALS * sampleIntervalNanos) {
      double share = evidence.cpuShare();
      long offCpu = Math.max(0, evidence.wallNanos() - evidence.sampledCpuNanos());
      long waited = waitedNanos(evidence);
      if (Classification.ofShare(share) != Classification.CPU_BOUND && waited < offCpu / 2
          && evidence.sampledCpuNanos() > 0) {
        if (evidence.raisedThresholdNanos() > 0) {
          // The governor raised the blocking events' threshold for part of the period: waits
          // shorter than it were not recorded, so the off-CPU time no event explains may be
          // waits as well as threads the sampler skipped. Nothing here tells the two apart
          // (an HTTP client's 20 ms waits under a 50 ms threshold read as 80% CPU otherwise).
          return new Verdict(Classification.UNCLASSIFIED, "jfr", share);
        }
        // Off-CPU time that no blocking event explains is no evidence of waiting: threads
        // waiting for a core, or JFR sampling only some of many running threads per interval.
        // Judge by what was seen: time in samples against time in blocking events.
        share = (double) evidence.sampledCpuNanos() / (evidence.sampledCpuNanos() + waited);
      }
      return new Verdict(Classification.ofShare(share), "jfr", share);
    }
    return Verdict.NONE;
  }

  /**
   * The recommendation for a classified method, or {@code null} when unclassified.
   *
   * @param saturated whether the process kept nearly every core busy
   */
  static Suggestion recommend(
      MethodSnapshot method,
      Verdict verdict,
      MethodReport.Evidence evidence,
      MethodReport.Arguments arguments,
      boolean saturated) {
    return recommend(method, verdict, evidence, arguments, saturated, null);
  }

  /**
   * The recommendation for a classified method, or {@code null} when unclassified.
   *
   * @param saturated whether the process kept nearly every core busy
   * @param memo the method's memoization figures, or {@code null} when it is not memoized
   */
  static Suggestion recommend(
      MethodSnapshot method,
      Verdict verdict,
      MethodReport.Evidence evidence,
      MethodReport.Arguments arguments,
      boolean saturated,
      MemoSnapshot memo) {
    Suggestion said = suggest(method, verdict, evidence, arguments, saturated, memo);
    String thin = said == null || said.kind() == null ? null : thinEvidence(method, verdict, evidence);
    if (thin == null) {
      return said;
    }
    // Shown on the method's row, so that the user sees what it would be; not a recommendation.
    return new Suggestion(said.text() + "; but the evidence is thin (" + thin + "): no"
        + " recommendation until there is more", null, -1, null, null);
  }

  /**
   * Why the evidence behind a recommendation is too thin to make it, or {@code null} when it is
   * not: too few calls, or a JFR verdict on too few samples and blocking events.
   */
  static String thinEvidence(
      MethodSnapshot method, Verdict verdict, MethodReport.Evidence evidence) {
    if (method.calls() < MIN_CALLS) {
      return method.calls() + (method.calls() == 1 ? " call" : " calls") + ", fewer than "
          + MIN_CALLS;
    }
    if ("jfr".equals(verdict.basis()) && evidence != null
        && evidence.executionSamples() < MIN_EVIDENCE_SAMPLES
        && evidence.blockingEvents() < MIN_BLOCKING_EVENTS) {
      return String.format(Locale.ROOT, "%d JFR execution samples and %d blocking events, fewer"
          + " than %d and %d", evidence.executionSamples(), evidence.blockingEvents(),
          MIN_EVIDENCE_SAMPLES, MIN_BLOCKING_EVENTS);
    }
    return null;
  }

  private static Suggestion suggest(
      MethodSnapshot method,
      Verdict verdict,
      MethodReport.Evidence evidence,
      MethodReport.Arguments arguments,
      boolean saturated,
      MemoSnapshot memo) {
    CpuSample sample = method.cpu();
    int cpuPercent = (int) Math.round(verdict.cpuShare() * 100);
    int waitPercent = 100 - cpuPercent;
    String basis = basis(verdict, sample, evidence);
    boolean measured = "cpu-time".equals(verdict.basis());
    if (saturated && measured && verdict.classification() != Classification.CPU_BOUND
        && verdict.classification() != Classification.UNCLASSIFIED) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "off CPU %d%% of wall time (%d sampled calls), but the process kept nearly every core"
              + " busy: much of that wait may be for a core, which @Offload does not shorten;"
              + " run with fewer busy threads (or on more cores) before deciding",
          waitPercent, sample.sampledCalls()), "investigate", -1, null, null);
    }
    switch (verdict.classification()) {
      case CPU_BOUND:
        return memo != null && !memo.state().equals("skipped")
            ? memoized(cpuPercent, basis, memo)
            : cpuBound(method, cpuPercent, basis, arguments);
      case BLOCKING:
        return blocking(method, verdict, waitPercent, basis, evidence);
      case MIXED:
        return new Suggestion(String.format(
            Locale.ROOT,
            "mixed: %d%% CPU, %d%% waiting (%s): separate the waiting part before offloading or"
                + " memoizing",
            cpuPercent, waitPercent, basis), "investigate", -1, null, null);
      default:
        return "jfr".equals(verdict.basis()) && evidence != null
            ? new Suggestion(unseenWaits(evidence, cpuPercent), null, -1, null, null)
            : null;
    }
  }

  /** Time in blocking events of every kind with the method on the stack. */
  private static long waitedNanos(MethodReport.Evidence evidence) {
    return evidence.lockNanos() + evidence.ioNanos() + evidence.sleepNanos();
  }

  /** Why JFR's evidence left a method unclassified under the governor's raised threshold. */
  private static String unseenWaits(MethodReport.Evidence evidence, int cpuPercent) {
    long waited = waitedNanos(evidence);
    long offCpu = Math.max(1, evidence.wallNanos() - evidence.sampledCpuNanos());
    return String.format(Locale.ROOT, "not classified: %d%% of its wall time was seen on CPU (%d"
        + " JFR execution sample%s) and blocking events explain %d%% of the rest, but the overhead"
        + " governor raised JFR's blocking-event threshold to %s meanwhile: the rest may be waits"
        + " shorter than that as well as busy threads the sampler skipped",
        cpuPercent, evidence.executionSamples(), evidence.executionSamples() == 1 ? "" : "s",
        Math.round(100.0 * Math.min(waited, offCpu) / offCpu),
        Units.duration(evidence.raisedThresholdNanos()));
  }

  private static Suggestion cpuBound(
      MethodSnapshot method, int cpuPercent, String basis, MethodReport.Arguments arguments) {
    String name = method.method().name();
    if (arguments == null || arguments.sampledCalls() < MIN_ARGUMENT_SAMPLES) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "cpu-bound (%d%% of wall time on CPU, %s): if its arguments repeat, @Memoize skips the"
              + " work; otherwise the algorithm is where time goes",
          cpuPercent, basis), "memoize", -1, null, null);
    }
    int repeatPercent = (int) Math.round(arguments.repeatRate() * 100);
    if (arguments.repeatRate() < MEMOIZE_MIN_REPEAT) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "cpu-bound (%d%% of wall time on CPU, %s), but only %d%% of %d sampled calls repeated"
              + " earlier arguments (%d distinct), under the %d%% a cache needs to pay off:"
              + " the algorithm itself is where time goes",
          cpuPercent, basis, repeatPercent, arguments.sampledCalls(), arguments.distinct(),
          Math.round(MEMOIZE_MIN_REPEAT * 100)), "investigate", -1, null, null);
    }
    long saving = Math.round(method.totalNanos() * arguments.repeatRate() * cpuPercent / 100.0);
    String apply = "@" + ANNOTATIONS + "Memoize on " + method.method().signature();
    String config = MEMOIZE_OPTION + "=" + name;
    return new Suggestion(String.format(
        Locale.ROOT,
        "cpu-bound (%d%% of wall time on CPU, %s) and %d%% of %d sampled calls repeated earlier"
            + " arguments (%d distinct): a cache would answer about that share of calls, saving"
            + " about %s of the %s spent in it so far; apply with @Memoize (or %s)",
        cpuPercent, basis, repeatPercent, arguments.sampledCalls(), arguments.distinct(),
        Units.duration(saving), Units.duration(method.totalNanos()), config),
        "memoize", saving, apply, config);
  }

  /** A CPU-bound method that is memoized already: how its cache does, not a recommendation. */
  private static Suggestion memoized(int cpuPercent, String basis, MemoSnapshot memo) {
    if (memo.state().equals("unsafe")) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "cpu-bound (%d%% of wall time on CPU, %s); memoization found it unsafe (%s), so the"
              + " algorithm itself is where time goes",
          cpuPercent, basis, memo.reason()), null, -1, null, null);
    }
    return new Suggestion(String.format(
        Locale.ROOT,
        "cpu-bound (%d%% of wall time on CPU, %s), memoized already: %d%% of %d lookups found a"
            + " cached result, saving about %s so far; the rest is the misses' own work",
        cpuPercent, basis, Math.round(memo.hitRatio() * 100), memo.lookups(),
        Units.duration(memo.savedNanos())), null, -1, null, null);
  }

  private static Suggestion blocking(
      MethodSnapshot method,
      Verdict verdict,
      int waitPercent,
      String basis,
      MethodReport.Evidence evidence) {
    String name = method.method().name();
    String waits = waits(evidence);
    if (evidence != null && evidence.blockingEvents() > 0
        && evidence.virtualThreadEvents() >= VIRTUAL_DOMINANT * evidence.blockingEvents()) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "blocking %d%% of wall time (%s)%s, but %d of its %d blocking events were on virtual"
              + " threads, where waiting holds no platform thread: @Offload would not help",
          waitPercent, basis, waits, evidence.virtualThreadEvents(), evidence.blockingEvents()),
          "investigate", -1, null, null);
    }
    if (evidence != null && evidence.lockNanos() > evidence.ioNanos() + evidence.sleepNanos()) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "blocking %d%% of wall time (%s)%s, mostly on locks or for other threads (monitor,"
              + " park, wait): offloading would only move the wait elsewhere; look at what it"
              + " waits for (the contention table names the lock or blocker)",
          waitPercent, basis, waits), "investigate", -1, null, null);
    }
    if (!returnsLater(method.method().descriptor())) {
      return new Suggestion(String.format(
          Locale.ROOT,
          "blocking %d%% of wall time (%s)%s, but its callers need its result at once (it"
              + " returns a value): @Offload would free no thread, the caller's thread would"
              + " still wait; if its callers are a pool's threads all waiting here, run that"
              + " pool on virtual threads; or make it return a CompletableFuture so that callers"
              + " can go on",
          waitPercent, basis, waits), "investigate", -1, null, null);
    }
    long saving = Math.round(method.totalNanos() * (1 - verdict.cpuShare()));
    String config = OFFLOAD_OPTION + "=" + name;
    String apply = "@" + ANNOTATIONS + "Offload on " + method.method().signature();
    return new Suggestion(String.format(
        Locale.ROOT,
        "blocking %d%% of wall time (%s)%s: candidate for @Offload, so that callers are not held"
            + " while it waits; that frees about %s of platform-thread time so far; apply with"
            + " @Offload (or %s)",
        waitPercent, basis, waits, Units.duration(saving), config),
        "offload", saving, apply, config);
  }

  /**
   * A pool whose threads all waited inside its tasks: run it on virtual threads, where a waiting
   * task holds no platform thread and the queue behind the pool drains as fast as the waits end.
   * The same live and offline.
   *
   * @param threads the pool's threads' name pattern ({@code pool-1-thread-*})
   * @param startedAt the application frame that started its threads, or {@code null}
   * @param blockedShare the share of its threads' time spent waiting inside tasks
   * @param waitedNanos that time, in all
   * @param methodNanos of it, the time in the method its tasks waited in longest
   */
  public static Report.Recommendation pool(String threads, int threadCount, String startedAt,
      double blockedShare, long waitedNanos, String method, String key, String methodName,
      String descriptor, long methodNanos) {
    String where = startedAt == null ? "" : " (its threads started from " + startedAt + ")";
    String result = returnsLater(descriptor) ? ""
        : "; " + methodName + " returns a value its caller waits for, so @Offload of it would"
            + " free no thread";
    return new Report.Recommendation(method, key, EXECUTORS_KIND, String.format(
        Locale.ROOT, "the pool %s%s: all %d of its threads waited inside its tasks, %s of their"
            + " time (%s in all, %s of it in %s; JFR blocking events) and almost never for a"
            + " task: every thread is blocked while tasks queue; on virtual threads a waiting"
            + " task holds no platform thread: run the pool on virtual threads (%s, JDK 21+, or"
            + " create it with Executors.newVirtualThreadPerTaskExecutor())%s",
        threads, where, threadCount, Units.percent(blockedShare), Units.duration(waitedNanos),
        Units.duration(methodNanos), method, EXECUTORS_CONFIG, result), -1, null,
        EXECUTORS_CONFIG);
  }

  /**
   * Whether callers need not wait for the method's result: it returns nothing, or a future.
   * Only then does offloading free the caller's thread.
   */
  public static boolean returnsLater(String descriptor) {
    int close = descriptor.indexOf(')');
    String result = close < 0 ? "" : descriptor.substring(close + 1);
    return result.equals("V") || result.equals("Ljava/util/concurrent/Future;")
        || result.equals("Ljava/util/concurrent/CompletableFuture;")
        || result.equals("Ljava/util/concurrent/CompletionStage;");
  }

  /** The evidence behind a verdict, in words and numbers. */
  private static String basis(Verdict verdict, CpuSample sample, MethodReport.Evidence evidence) {
    if ("cpu-time".equals(verdict.basis())) {
      return sample.sampledCalls() + " sampled calls";
    }
    if (evidence == null) {
      return "no evidence";
    }
    // The time here is its calls' since JFR sampling began, summed over threads: less than the
    // table's thread time, which counts from the start. Samples times the interval only estimate
    // CPU time and can exceed the time the calls took; say so rather than print both bare.
    if (evidence.sampledCpuNanos() > evidence.wallNanos()) {
      return String.format(Locale.ROOT, "%d JFR execution samples, an estimated %s on CPU, more"
          + " than the %s its calls took since JFR sampling began (summed over threads), so all"
          + " of it", evidence.executionSamples(), Units.duration(evidence.sampledCpuNanos()),
          Units.duration(evidence.wallNanos()));
    }
    return String.format(Locale.ROOT, "%d JFR execution samples, about %s on CPU in the %s its"
        + " calls took since JFR sampling began (summed over threads)",
        evidence.executionSamples(), Units.duration(evidence.sampledCpuNanos()),
        Units.duration(evidence.wallNanos()));
  }

  /** "; JFR saw it wait in I/O 1.20 s, on locks 30 ms (412 events)", or "". */
  private static String waits(MethodReport.Evidence evidence) {
    if (evidence == null || evidence.blockingEvents() == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    if (evidence.ioNanos() > 0) {
      parts.add("in I/O " + Units.duration(evidence.ioNanos()));
    }
    if (evidence.lockNanos() > 0) {
      parts.add("on locks " + Units.duration(evidence.lockNanos()));
    }
    if (evidence.sleepNanos() > 0) {
      parts.add("in sleeps " + Units.duration(evidence.sleepNanos()));
    }
    return "; JFR saw it wait " + String.join(", ", parts) + " (" + evidence.blockingEvents()
        + (evidence.blockingEvents() == 1 ? " event)" : " events)");
  }
}
