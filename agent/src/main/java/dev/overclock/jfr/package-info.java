/**
 * The agent's JFR part: Overclock's own JFR events (category "Overclock"), the in-process {@code
 * RecordingStream} that fills the report's JVM section ({@link dev.overclock.jvm.JvmProfile}),
 * hot-method detection that times methods while the application runs, and the argument sampling
 * behind memoization recommendations. {@link dev.overclock.jfr.LiveJfr} starts it all on a daemon
 * thread and is the only class the rest of the agent uses; no class here is loaded before JFR is
 * known to be present.
 *
 * <h2>Adding an event</h2>
 *
 * The memoization and offload features add their statistics events like {@link
 * dev.overclock.jfr.MethodStatisticsEvent}: an event class here with {@code @Name("overclock.
 * MemoStatistics")} (or {@code OffloadStatistics}), {@code @Category("Overclock")}, {@code
 * @Period("1 s")}, {@code @StackTrace(false)} and the windowed figures of that feature's own
 * recorder as fields; a hook, registered in {@link dev.overclock.jfr.LiveJfr} with {@code
 * OverclockEvents.addPeriodic}, that takes one window of those figures and commits one event per
 * method (checking {@code isEnabled()} first); a row in the README's event table.
 *
 * <p>Uses {@code jvm} (the profile it fills), {@code select} (the selections it changes at run
 * time, and {@link dev.overclock.select.Retransformer}, the instrumenter as it needs it: to
 * retransform the classes of the methods it starts or stops timing), {@code metrics}, {@code
 * memo}, {@code offload}, {@code report}, {@code config} and {@code log}. Never {@code
 * instrument} (a test keeps it so): the agent hands it the instrumenter. The offline analysis does not use it:
 * what both need lives in {@code jvm} and {@code select}.
 */
package dev.overclock.jfr;
