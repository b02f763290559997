package dev.overclock.offload;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;

/**
 * The offload figures of one method at one moment.
 *
 * @param carrier {@code virtual} or {@code platform}
 * @param calls calls offloaded (rejected and timed-out ones included)
 * @param inFlight bodies running now
 * @param maxInFlight the most bodies that ran at once
 * @param queueWaits calls that had to wait for a free slot ({@code maxConcurrency})
 * @param timeouts calls whose body exceeded the timeout (and was interrupted)
 * @param rejections calls that found no free slot within {@code queueTimeout}
 * @param failures bodies that threw
 * @param latency how long bodies ran, on their worker thread
 * @param pinned how often a body pinned its carrier thread (JDK 21+, JFR)
 * @param pinnedStack the stack of the longest pinning seen, or null
 * @param pinFix what to change about it, or null
 */
public record OffloadSnapshot(
    MethodRef method,
    Mode mode,
    OffloadSettings settings,
    String carrier,
    long calls,
    int inFlight,
    int maxInFlight,
    long queueWaits,
    long timeouts,
    long rejections,
    long failures,
    LatencySummary latency,
    long pinned,
    long pinnedMaxNanos,
    String pinnedStack,
    String pinFix) {}
