/**
 * Per-method figures: the {@link dev.overclock.metrics.TimingRecorders} sink behind the timing
 * advice (striped HdrHistogram recorders, recursion-aware totals, sampled CPU time) and the
 * immutable {@link dev.overclock.metrics.MethodSnapshot}s the report is built from.
 */
package dev.overclock.metrics;
