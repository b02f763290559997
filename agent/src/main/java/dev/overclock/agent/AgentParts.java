package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.instrument.Instrumenter;
import dev.overclock.memo.MemoRecorders;
import dev.overclock.metrics.ArgumentSamples;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.offload.Offloader;
import dev.overclock.report.Reporter;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;

/**
 * The pieces one configuration runs with: built together before anything in the JVM changes, so
 * that a configuration that cannot be built leaves the running one (or none) untouched, and
 * replaced together when attaching again changes the options.
 *
 * @param snapshots the fan-out of the recorders' snapshots (report, JFR events, evidence)
 * @param memo {@code null} when memoization is off
 * @param offload {@code null} when offload is off
 * @param instrumenter {@code null} when no advice is on
 * @param prometheus the endpoint's settings, {@code null} when it is off
 * @param timingSelector the timing selection, which hot-method detection adds to at run time
 * @param argumentSelection the argument-sampling selection; {@code null} without auto timing
 * @param argumentSamples the argument samples; {@code null} without auto timing
 */
record AgentParts(
    Config config,
    TimingRecorders recorders,
    Snapshots snapshots,
    MemoRecorders memo,
    Offloader offload,
    Instrumenter instrumenter,
    LiveReportSource source,
    Reporter reporter,
    PrometheusOptions prometheus,
    MethodSelector timingSelector,
    RuntimeSelection argumentSelection,
    ArgumentSamples argumentSamples) {}
