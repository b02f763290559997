package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native threads' CPU time, read from a folder laid out like /proc/self/task. */
class NativeThreadsTest {

  @TempDir Path tasks;

  private void thread(String id, String name, long utime, long stime) throws IOException {
    Path dir = Files.createDirectories(tasks.resolve(id));
    Files.writeString(dir.resolve("comm"), name + "\n");
    // a real line's layout: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
    // majflt cmajflt utime stime ...
    Files.writeString(dir.resolve("stat"), id + " (" + name + ") S 1 1 1 0 -1 4194368 10 0 0 0 "
        + utime + " " + stime + " 0 0 20 0 30 0 100 0 0\n");
  }

  @Test
  void cpuSinceLast_sumsTheCollectorsThreadsOnly_sinceTheLastReading() throws IOException {
    thread("101", "GC Thread#0", 5, 2);
    thread("102", "G1 Conc#0", 1, 0);
    thread("103", "main", 900, 50);
    thread("104", "C2 CompilerThre", 300, 10);
    NativeThreads gc = new NativeThreads(tasks, NativeThreads::isGcThread);

    assertThat(gc.cpuSinceLast()).isEqualTo(8 * NativeThreads.TICK_NANOS);

    thread("101", "GC Thread#0", 9, 3); // 5 more ticks
    thread("105", "GC Thread#1", 2, 0); // a new worker: from its start, once listed
    thread("103", "main", 2_000, 60);
    assertThat(gc.cpuSinceLast()).isEqualTo(5 * NativeThreads.TICK_NANOS);
    long later = 0;
    for (int reading = 0; reading < NativeThreads.RELIST_READINGS; reading++) {
      later += gc.cpuSinceLast();
    }
    assertThat(later).isEqualTo(2 * NativeThreads.TICK_NANOS);
    assertThat(gc.cpuSinceLast()).isZero();
  }

  @Test
  void aThreadThatEnded_isForgotten_andAnUnreadableLineCountsNothing() throws IOException {
    thread("101", "GC Thread#0", 5, 2);
    NativeThreads gc = new NativeThreads(tasks, NativeThreads::isGcThread);
    gc.cpuSinceLast();

    Files.delete(tasks.resolve("101").resolve("comm"));
    Files.delete(tasks.resolve("101").resolve("stat"));
    Files.delete(tasks.resolve("101"));
    thread("106", "GC Thread#2", 1, 1);
    assertThat(gc.cpuSinceLast()).isEqualTo(2 * NativeThreads.TICK_NANOS);

    Files.writeString(tasks.resolve("106").resolve("stat"), "garbage");
    assertThat(gc.cpuSinceLast()).isZero();
  }

  @Test
  void withoutProc_itCountsNothing() {
    assertThat(new NativeThreads(tasks.resolve("absent"), NativeThreads::isGcThread).cpuSinceLast()).isZero();
  }

  @Test
  void ticks_readsUserAndSystemTime_afterTheLastParenthesis() {
    assertThat(NativeThreads.ticks("7 (a) b) (c) S 1 1 1 0 -1 0 0 0 0 0 12 34 0 0")).isEqualTo(46);
    assertThat(NativeThreads.ticks("7 (a) S 1")).isEqualTo(-1);
    assertThat(NativeThreads.ticks(null)).isEqualTo(-1);
  }

  @Test
  void theCollectorsThreads_byTheNamesHotSpotGivesThem() {
    assertThat(NativeThreads.isGcThread("GC Thread#3")).isTrue();
    assertThat(NativeThreads.isGcThread("G1 Refine#0")).isTrue();
    assertThat(NativeThreads.isGcThread("G1 Main Marker")).isTrue();
    assertThat(NativeThreads.isGcThread("ZWorker#1")).isTrue();
    assertThat(NativeThreads.isGcThread("VM Thread")).isFalse();
    assertThat(NativeThreads.isGcThread("C1 CompilerThre")).isFalse();
    assertThat(NativeThreads.isGcThread("overclock-jfr")).isFalse();
  }

  @Test
  void onThisMachine_theRunningJvmsCollectorIsReadWithoutFailing() {
    // no figure is asserted (the collector may not have run); reading twice must not throw
    NativeThreads gc = NativeThreads.collector();
    assertThat(gc.cpuSinceLast()).isNotNegative();
    assertThat(gc.cpuSinceLast()).isNotNegative();
  }

  @Test
  void jfrsSampler_byTheNamesHotSpotGivesIt_notJfrsJavaThreads() {
    assertThat(NativeThreads.isJfrSampler("JFR Thread Samp")).isTrue(); // JDK 17-21, cut to 15
    assertThat(NativeThreads.isJfrSampler("JFR Sampler Thr")).isTrue(); // JDK 25
    assertThat(NativeThreads.isJfrSampler("JFR CPU Sampler")).isTrue();
    // Java threads: ThreadMXBean reads them (AgentThreads), they must not count twice
    assertThat(NativeThreads.isJfrSampler("JFR Recorder Th")).isFalse();
    assertThat(NativeThreads.isJfrSampler("JFR Periodic Ta")).isFalse();
    assertThat(NativeThreads.isJfrSampler("JFR Event Strea")).isFalse();
    assertThat(NativeThreads.isJfrSampler("GC Thread#0")).isFalse();
  }

  @Test
  void jfrsSampler_isCountedAlone() throws IOException {
    thread("201", "JFR Thread Samp", 40, 3);
    thread("202", "JFR Recorder Th", 7, 0);
    thread("203", "GC Thread#0", 5, 2);
    NativeThreads sampler = new NativeThreads(tasks, NativeThreads::isJfrSampler);

    assertThat(sampler.cpuSinceLast()).isEqualTo(43 * NativeThreads.TICK_NANOS);
    thread("201", "JFR Thread Samp", 50, 4);
    assertThat(sampler.cpuSinceLast()).isEqualTo(11 * NativeThreads.TICK_NANOS);
  }

  /**
   * The governor's measured overhead includes JFR's native sampler while the stream runs (an
   * injected /proc: this JVM's own agent threads, if any, only add to the figure), and leaves it
   * out without the stream.
   */
  @Test
  void agentThreads_withTheStream_includeJfrsNativeSampler() throws IOException {
    thread("201", "JFR Thread Samp", 40, 3);
    AgentThreads withStream =
        new AgentThreads(true, new NativeThreads(tasks, NativeThreads::isJfrSampler));
    AgentThreads withoutStream = new AgentThreads(false, null);
    withoutStream.cpuSinceLast();

    assertThat(withStream.cpuSinceLast()).isGreaterThanOrEqualTo(43 * NativeThreads.TICK_NANOS);
    thread("201", "JFR Thread Samp", 140, 3); // a second of sampling
    long counted = 0;
    for (int period = 0; period < 20; period++) {
      counted += withStream.cpuSinceLast(); // spread over the periods that follow
    }
    assertThat(counted).isGreaterThanOrEqualTo(99 * NativeThreads.TICK_NANOS);
    assertThat(withoutStream.cpuSinceLast()).isLessThan(100 * NativeThreads.TICK_NANOS);
  }

  /**
   * One 10 ms tick of the sampler's CPU in a period (a sampler at 2 ms a second) does not land
   * whole in that period: at most a quarter of it, the rest in the periods after.
   */
  @Test
  void oneTickOfTheSampler_isSpreadOverThePeriodsAfter_notCountedInOne() throws IOException {
    thread("201", "JFR Thread Samp", 40, 3);
    NativeThreads sampler = new NativeThreads(tasks, NativeThreads::isJfrSampler);
    AgentThreads threads = new AgentThreads(true, sampler);
    // This JVM's own agent threads, if any (other tests' governors and reporters), add their CPU
    // to each reading: read them alone right after, over the same period, and take them out.
    AgentThreads javaThreads = new AgentThreads(false, null);
    threads.cpuSinceLast(); // the start's reading
    javaThreads.cpuSinceLast();
    threads.cpuSinceLast();
    javaThreads.cpuSinceLast();

    thread("201", "JFR Thread Samp", 41, 3);
    long first = threads.cpuSinceLast();
    long firstJava = javaThreads.cpuSinceLast();
    long second = threads.cpuSinceLast();

    // 1 ms of slack: the two readings of the Java threads are microseconds apart, not at once
    assertThat(first - firstJava).isLessThanOrEqualTo(NativeThreads.TICK_NANOS / 4 + 1_000_000);
    assertThat(first).isGreaterThanOrEqualTo(NativeThreads.TICK_NANOS / 4);
    assertThat(second).isGreaterThanOrEqualTo(NativeThreads.TICK_NANOS * 3 / 16);
  }
}
