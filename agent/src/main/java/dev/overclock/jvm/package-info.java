/**
 * What the JVM did while the application ran, built from flight-recorder events: CPU load, GC
 * pauses, heap after GC, allocation sites, lock contention, blocking I/O, pinned virtual threads,
 * execution samples as a flame graph, and per-method sample counts for hot-method detection and
 * classification.
 *
 * <p>Independent of where the events come from: {@link dev.overclock.jvm.JvmProfile} takes plain
 * values (frames, durations, instants), so the live {@code RecordingStream} of the {@code jfr}
 * package and an offline reader of {@code .jfr} files fill the same profile and produce the same
 * {@link dev.overclock.report.JvmReport}. Every structure is bounded: the profile's memory does
 * not grow with the length of the run.
 *
 * <p>Also the two readers that turn recorded events into those plain values ({@link
 * dev.overclock.jvm.RecordedFrames}, {@link dev.overclock.jvm.EventFields}), shared by the live
 * stream and the offline reader. Uses {@code report} (the section it produces) only.
 */
package dev.overclock.jvm;
