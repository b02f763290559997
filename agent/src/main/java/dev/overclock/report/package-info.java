/**
 * The report: one model ({@link dev.overclock.report.Report}) built from method snapshots, and
 * its writers: JSON for programs, a self-contained HTML page for people, a text table for the
 * terminal. {@link dev.overclock.report.Reporter} writes the files periodically and at the end.
 */
package dev.overclock.report;
