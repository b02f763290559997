/**
 * Offline analysis: {@link dev.overclock.analyze.RecordingAnalysis} turns a {@code .jfr}
 * recording into the live agent's {@link dev.overclock.report.Report} (one model, one set of
 * writers), with JMC's automated analysis rules and a configuration file that applies the
 * recommendations ({@link dev.overclock.analyze.ConfigOut}); {@link
 * dev.overclock.analyze.MethodFigures} and {@link dev.overclock.analyze.Budget} read two reports
 * back and check per-method budgets, for {@code compare}. Nothing here parses arguments or
 * prints: the {@code analyze} and {@code compare} commands of the {@code cli} package do.
 *
 * <p>Uses {@code jvm} (the profile the live stream fills too, and the readers of recorded
 * events), {@code report}, {@code metrics}, {@code select} and {@code version}; never the live
 * agent's packages ({@code agent}, {@code jfr}, {@code instrument}). Only the command line loads
 * this package; {@link dev.overclock.analyze.JmcRules} is the one class that refers to the shaded
 * JMC libraries, so the agent's start-up never loads them.
 */
package dev.overclock.analyze;
