package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's threads' CPU time, read from a folder laid out like /proc/self/task. */
class GcThreadsTest {

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
    GcThreads gc = new GcThreads(tasks);

    assertThat(gc.cpuSinceLast()).isEqualTo(8 * GcThreads.TICK_NANOS);

    thread("101", "GC Thread#0", 9, 3); // 5 more ticks
    thread("105", "GC Thread#1", 2, 0); // a new worker: from its start
    thread("103", "main", 2_000, 60);
    assertThat(gc.cpuSinceLast()).isEqualTo(7 * GcThreads.TICK_NANOS);
    assertThat(gc.cpuSinceLast()).isZero();
  }

  @Test
  void aThreadThatEnded_isForgotten_andAnUnreadableLineCountsNothing() throws IOException {
    thread("101", "GC Thread#0", 5, 2);
    GcThreads gc = new GcThreads(tasks);
    gc.cpuSinceLast();

    Files.delete(tasks.resolve("101").resolve("comm"));
    Files.delete(tasks.resolve("101").resolve("stat"));
    Files.delete(tasks.resolve("101"));
    thread("106", "GC Thread#2", 1, 1);
    assertThat(gc.cpuSinceLast()).isEqualTo(2 * GcThreads.TICK_NANOS);

    Files.writeString(tasks.resolve("106").resolve("stat"), "garbage");
    assertThat(gc.cpuSinceLast()).isZero();
  }

  @Test
  void withoutProc_itCountsNothing() {
    assertThat(new GcThreads(tasks.resolve("absent")).cpuSinceLast()).isZero();
  }

  @Test
  void ticks_readsUserAndSystemTime_afterTheLastParenthesis() {
    assertThat(GcThreads.ticks("7 (a) b) (c) S 1 1 1 0 -1 0 0 0 0 0 12 34 0 0")).isEqualTo(46);
    assertThat(GcThreads.ticks("7 (a) S 1")).isEqualTo(-1);
    assertThat(GcThreads.ticks(null)).isEqualTo(-1);
  }

  @Test
  void theCollectorsThreads_byTheNamesHotSpotGivesThem() {
    assertThat(GcThreads.isGcThread("GC Thread#3")).isTrue();
    assertThat(GcThreads.isGcThread("G1 Refine#0")).isTrue();
    assertThat(GcThreads.isGcThread("G1 Main Marker")).isTrue();
    assertThat(GcThreads.isGcThread("ZWorker#1")).isTrue();
    assertThat(GcThreads.isGcThread("VM Thread")).isFalse();
    assertThat(GcThreads.isGcThread("C1 CompilerThre")).isFalse();
    assertThat(GcThreads.isGcThread("overclock-jfr")).isFalse();
  }

  @Test
  void onThisMachine_theRunningJvmsCollectorIsReadWithoutFailing() {
    // no figure is asserted (the collector may not have run); reading twice must not throw
    GcThreads gc = new GcThreads();
    assertThat(gc.cpuSinceLast()).isNotNegative();
    assertThat(gc.cpuSinceLast()).isNotNegative();
  }
}
