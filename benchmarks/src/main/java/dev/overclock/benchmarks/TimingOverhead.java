package dev.overclock.benchmarks;

import benchtarget.Targets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What timing a tiny method costs per call, side by side in one forked JVM that runs the agent
 * (added by {@link BenchmarkMain}):
 *
 * <ul>
 *   <li>{@code uninstrumented}: the method alone;
 *   <li>{@code clockOnly}: the method between two {@code System.nanoTime()} reads, recording
 *       nothing — the part of every timing that no recorder can avoid;
 *   <li>{@code floorSharedRecorder}: hand-written {@code nanoTime} + one HdrHistogram {@code
 *       Recorder} shared by all benchmark threads — the practical floor of "time it into a
 *       histogram", and what a naive agent does;
 *   <li>{@code floorRecorderPerThread}: the same with one recorder per thread — the floor without
 *       contention;
 *   <li>{@code floorLongAdder}: hand-written {@code nanoTime} pair + one {@code LongAdder} of the
 *       elapsed nanoseconds shared by the threads — the floor issue 16 names for a timed call (a
 *       total, no histogram);
 *   <li>{@code floorSumPerThread}: the same with a plain per-thread sum instead — the cheapest
 *       thing that records anything at all;
 *   <li>{@code timedByAgent}: the same method annotated {@code @Timed(exact = true)},
 *       instrumented by Overclock: every call clocked;
 *   <li>{@code sampledByAgent}: the same method annotated {@code @Timed}: the agent switches it
 *       to sampled timing (one call in 64 clocked, every call counted) at its first report after
 *       the method's first 1,000 calls, within the warm-up (the harness writes a report every
 *       second).
 * </ul>
 *
 * Subclasses fix the thread count, so that one run reports both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public abstract class TimingOverhead {

  /** Per-thread input, so that threads share no written state besides what is measured. */
  @State(Scope.Thread)
  public static class Input {
    long value = 42;
    long ownSum;
    final Recorder ownRecorder = new Recorder(2);
  }

  /** State shared by all threads of a benchmark. */
  @State(Scope.Benchmark)
  public static class Shared {
    final Recorder recorder = new Recorder(2);
    final LongAdder sum = new LongAdder();
  }

  @Benchmark
  public long uninstrumented(Input input) {
    return Targets.plain(input.value++);
  }

  @Benchmark
  public long clockOnly(Input input) {
    long start = System.nanoTime();
    long result = Targets.plain(input.value++);
    return result + (System.nanoTime() - start);
  }

  @Benchmark
  public long floorSharedRecorder(Input input, Shared shared) {
    long start = System.nanoTime();
    long result = Targets.plain(input.value++);
    shared.recorder.recordValue(System.nanoTime() - start);
    return result;
  }

  @Benchmark
  public long floorRecorderPerThread(Input input) {
    long start = System.nanoTime();
    long result = Targets.plain(input.value++);
    input.ownRecorder.recordValue(System.nanoTime() - start);
    return result;
  }

  @Benchmark
  public long floorLongAdder(Input input, Shared shared) {
    long start = System.nanoTime();
    long result = Targets.plain(input.value++);
    shared.sum.add(System.nanoTime() - start);
    return result;
  }

  @Benchmark
  public long floorSumPerThread(Input input) {
    long start = System.nanoTime();
    long result = Targets.plain(input.value++);
    input.ownSum += System.nanoTime() - start;
    return result;
  }

  @Benchmark
  public long timedByAgent(Input input) {
    return Targets.timed(input.value++);
  }

  @Benchmark
  public long sampledByAgent(Input input) {
    return Targets.sampled(input.value++);
  }
}
