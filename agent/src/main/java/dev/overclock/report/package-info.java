/**
 * The report: one model ({@link dev.overclock.report.Report}) built from method snapshots, and
 * its writers: JSON for programs, a self-contained HTML page for people, a text table for the
 * terminal. {@link dev.overclock.report.Reporter} writes the files periodically and at the end.
 *
 * <p>Uses the snapshots of {@code metrics}, {@code memo} and {@code offload}, {@code config}
 * (settings shown in the report) and {@code log}; never {@code jfr}, {@code instrument} or {@code
 * agent}. {@link dev.overclock.report.ReportFiles} writes every report file, the live agent's and
 * {@code analyze}'s: owner-only, replaced whole.
 */
package dev.overclock.report;
