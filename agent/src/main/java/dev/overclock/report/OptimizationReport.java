package dev.overclock.report;

import java.time.Instant;

/**
 * One change {@code auto=optimize} made, tried or refused on its own: today, memoization of a
 * method nobody annotated. Times are nanoseconds; no argument or result value ever appears (a
 * failed verification names them by salted hashes, see {@code memoize.showvalues}).
 *
 * @param key the method's key (class, method, descriptor)
 * @param name {@code com.acme.Pricing::quote}
 * @param change {@code memoize}
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
    long verifyChecks) {}
