/**
 * Per-method figures: the {@link dev.overclock.metrics.TimingRecorders} sink behind the timing
 * advice (striped HdrHistogram recorders, recursion-aware totals, sampled CPU time) and the
 * immutable {@link dev.overclock.metrics.MethodSnapshot}s the report is built from.
 *
 * <p>Uses {@code bootstrap} (the sinks it implements) and {@code log} only.
 */
package dev.overclock.metrics;
