/**
 * {@code auto=optimize}: changes the agent applies on its own, on evidence, and takes back when
 * the evidence turns. Today memoization of hot CPU-bound methods whose arguments repeat ({@link
 * dev.overclock.optimize.AutoMemoizer}): chosen from the timing figures and argument samples of
 * the JFR part, passed by the static {@code purity} gate, woven by the memoization weaving's
 * run-time selection, verified by the {@code memo} package, reported as {@link
 * dev.overclock.report.OptimizationReport}s.
 *
 * <p>Uses {@code memo}, {@code metrics}, {@code purity}, {@code report}, {@code select} and
 * {@code log}.
 */
package dev.overclock.optimize;
