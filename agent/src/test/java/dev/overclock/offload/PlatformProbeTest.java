package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The probe's verdict from the measurements of quiet and busy machines, injected: a CPU-bound
 * pool stays on platform threads however little of a core its tasks got, a waiting pool moves
 * however busy the machine.
 */
class PlatformProbeTest {

  /** Clocks the test moves by hand; -1 run-queue wait: the operating system does not tell. */
  private static final class FakeClocks implements ThreadClocks {
    long cpu;
    long waits;
    long runQueue;
    double busy = 1;

    @Override
    public long cpuNanos() {
      return cpu;
    }

    @Override
    public long javaWaits() {
      return waits;
    }

    @Override
    public long runQueueNanos() {
      return runQueue;
    }

    @Override
    public double busyFactor() {
      return busy;
    }
  }

  private static final long MS = 1_000_000;

  /**
   * Measures {@link PlatformProbe#PROBE_TASKS} tasks that each take {@code wallMs} of wall time,
   * {@code cpuMs} of CPU, {@code runQueueMs} waiting for a core (-1: unknown), and wait in Java or
   * not; returns the verdict.
   */
  private static PlatformProbe.Verdict probe(FakeClocks clocks, double wallMs, double cpuMs,
      double runQueueMs, boolean javaWait) throws InterruptedException {
    PlatformProbe probe = new PlatformProbe(false, clocks);
    PlatformProbe.Verdict verdict = null;
    for (int i = 0; i < PlatformProbe.PROBE_TASKS; i++) {
      probe.before();
      clocks.cpu += (long) (cpuMs * MS);
      if (runQueueMs >= 0) {
        clocks.runQueue += (long) (runQueueMs * MS);
      }
      if (javaWait) {
        clocks.waits++;
      }
      PlatformProbe.Task task = probe.after();
      // the wall time is the real clock's: replace it by the scripted one
      verdict = probe.add(new PlatformProbe.Task((long) (wallMs * MS), task.cpuNanos(),
          task.runQueueNanos(), task.waited()));
    }
    return verdict;
  }

  @Test
  void aCpuBoundPoolOnABusyMachine_staysOnPlatformThreads() throws Exception {
    // 30% of the wall time on a CPU, the other 70% waiting for a core: CPU-bound. The load
    // average says the machine is idle (the process's own start-up burst, which it misses).
    FakeClocks clocks = new FakeClocks();
    PlatformProbe.Verdict verdict = probe(clocks, 10, 3, 7, false);

    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.PLATFORM);
    assertThat(verdict.reason()).isEqualTo("CPU-bound: the first 4 tasks spent 30% of their time"
        + " on a CPU (100% of the time they were not waiting for a core)");
  }

  @Test
  void unclearEvidence_isMeasuredAgain_thenDecided() throws Exception {
    // 35% of the time off the run queue on a CPU, no Java wait: a CPU-bound task stopped by the
    // JVM's start looks like this, and so does one waiting in native code. Measure again.
    FakeClocks clocks = new FakeClocks();
    PlatformProbe probe = new PlatformProbe(false, clocks);
    PlatformProbe.Verdict first = measure(probe, clocks, 10, 3.5, 0);
    assertThat(first.where()).isEqualTo(PlatformProbe.Where.AGAIN);
    assertThat(first.reason()).startsWith("unclear: the first 4 tasks spent 35% of their time on a"
        + " CPU and did not wait in Java").endsWith("measuring again");
    assertThat(probe.remeasuring()).isTrue();

    PlatformProbe.Verdict second = measure(probe, clocks, 10, 9, 0);
    assertThat(second.where()).isEqualTo(PlatformProbe.Where.PLATFORM);
    assertThat(second.reason()).startsWith("CPU-bound: 4 sampled tasks spent 90%");
  }

  @Test
  void evidenceThatStaysUnclear_isDecidedByTheCpuBoundShare() throws Exception {
    FakeClocks clocks = new FakeClocks();
    PlatformProbe probe = new PlatformProbe(false, clocks);
    for (int round = 0; round < PlatformProbe.UNCLEAR_ROUNDS; round++) {
      assertThat(measure(probe, clocks, 10, 4, 0).where()).isEqualTo(PlatformProbe.Where.AGAIN);
    }
    assertThat(measure(probe, clocks, 10, 4, 0).where()).isEqualTo(PlatformProbe.Where.VIRTUAL);
  }

  /** Measures one round of tasks with {@code probe} (no Java wait); returns its verdict. */
  private static PlatformProbe.Verdict measure(PlatformProbe probe, FakeClocks clocks,
      double wallMs, double cpuMs, double runQueueMs) {
    PlatformProbe.Verdict verdict = null;
    for (int i = 0; i < PlatformProbe.PROBE_TASKS; i++) {
      probe.before();
      clocks.cpu += (long) (cpuMs * MS);
      clocks.runQueue += (long) (runQueueMs * MS);
      PlatformProbe.Task task = probe.after();
      verdict = probe.add(new PlatformProbe.Task((long) (wallMs * MS), task.cpuNanos(),
          task.runQueueNanos(), task.waited()));
    }
    return verdict;
  }

  @Test
  void aSleepingPoolOnABusyMachine_movesToVirtualThreads() throws Exception {
    FakeClocks clocks = new FakeClocks();
    PlatformProbe.Verdict verdict = probe(clocks, 10, 0.1, 2, true);

    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.VIRTUAL);
    assertThat(verdict.reason()).startsWith("blocking: the first 4 tasks spent 1% of their time on"
        + " a CPU").endsWith("4 of them waited (sleep, park, lock)");
  }

  @Test
  void cpuBoundTasksThatWaitedBrieflyInJava_stayOnPlatformThreads() throws Exception {
    // Under load, during the JVM's start: each CPU-bound task blocked once on a class-loading
    // lock held by a thread waiting for a core (a Java wait), and still spent 80% of the time it
    // could run on a CPU. Its waits were short: CPU-bound.
    FakeClocks clocks = new FakeClocks();
    PlatformProbe.Verdict verdict = probe(clocks, 10, 4, 5, true);

    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.PLATFORM);
    assertThat(verdict.reason()).isEqualTo("CPU-bound: the first 4 tasks spent 40% of their time"
        + " on a CPU (80% of the time they were not waiting for a core); 4 of them waited in"
        + " Java, briefly");
  }

  @Test
  void tasksThatWaitedInJavaForMostOfTheirTime_moveToVirtualThreads() throws Exception {
    // 35% on a CPU, the rest waiting in Java: the waits explain the time off the CPU.
    FakeClocks clocks = new FakeClocks();
    PlatformProbe.Verdict verdict = probe(clocks, 10, 3.5, 0, true);

    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.VIRTUAL);
    assertThat(verdict.reason()).startsWith("blocking: the first 4 tasks spent 35%");
  }

  @Test
  void aPoolWaitingInNativeCode_movesToVirtualThreads() throws Exception {
    // a socket read: no Java wait, 10% of the time on a CPU, a little run-queue wait
    FakeClocks clocks = new FakeClocks();
    PlatformProbe.Verdict verdict = probe(clocks, 10, 1, 0.5, false);

    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.VIRTUAL);
  }

  @Test
  void withoutTheRunQueueWait_theLoadAverageCorrects() throws Exception {
    FakeClocks quiet = new FakeClocks();
    quiet.runQueue = -1;
    assertThat(probe(quiet, 10, 2, -1, false).where()).isEqualTo(PlatformProbe.Where.VIRTUAL);

    FakeClocks busy = new FakeClocks();
    busy.runQueue = -1;
    busy.busy = 4; // a load average of 8 on 2 cores
    PlatformProbe.Verdict verdict = probe(busy, 10, 2, -1, false);
    assertThat(verdict.where()).isEqualTo(PlatformProbe.Where.PLATFORM);
    assertThat(verdict.reason()).endsWith("(80% on a machine this busy)");
  }

  @Test
  void schedstat_secondNumberIsTheRunQueueWait() {
    byte[] line = "269995447 630798417 121\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ThreadClocks.Host.secondNumber(line, line.length)).isEqualTo(630798417L);
    byte[] bad = "nonsense".getBytes(StandardCharsets.US_ASCII);
    assertThat(ThreadClocks.Host.secondNumber(bad, bad.length)).isEqualTo(-1);
  }

  @Test
  void theHostClocks_readThisThreadsRunQueueOnLinux() {
    long waited = ThreadClocks.HOST.runQueueNanos();
    if (new java.io.File("/proc/thread-self/schedstat").canRead()) {
      assertThat(waited).isGreaterThanOrEqualTo(0);
    } else {
      assertThat(waited).isEqualTo(-1);
    }
    assertThat(ThreadClocks.HOST.cpuNanos()).isNotZero();
  }
}
