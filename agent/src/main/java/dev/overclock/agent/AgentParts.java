package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Reporter;

/**
 * The pieces one configuration runs with: built together before anything in the JVM changes, so
 * that a configuration that cannot be built leaves the running one (or none) untouched, and
 * replaced together when attaching again changes the options.
 *
 * @param memo {@code null} when memoization is off
 * @param instrumenter {@code null} when neither timing nor memoization is on
 * @param prometheus the endpoint's settings, {@code null} when it is off
 */
record AgentParts(
    Config config,
    TimingRecorders recorders,
    MemoRecorders memo,
    Instrumenter instrumenter,
    LiveReportSource source,
    Reporter reporter,
    Config.Prometheus prometheus) {}
