package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.Reporter;

/**
 * The pieces one configuration runs with: built together before anything in the JVM changes, so
 * that a configuration that cannot be built leaves the running one (or none) untouched, and
 * replaced together when attaching again changes the options.
 *
 * @param instrumenter {@code null} when timing is off
 */
record AgentParts(
    Config config,
    TimingRecorders recorders,
    Instrumenter instrumenter,
    LiveReportSource source,
    Reporter reporter) {}
