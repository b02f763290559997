package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.JfrOptions;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodReport;
import dev.overclock.select.MethodSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JFR part started in this JVM, as the agent starts it, without instrumentation. */
class LiveJfrTest {

  @Test
  void stream_fillsTheJvmSection_andStopsCleanly() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    JfrOptions options = new JfrOptions(
        /* stream= */ true,
        /* sampleInterval= */ Duration.ofMillis(10),
        /* threshold= */ Duration.ofMillis(10),
        /* slowThreshold= */ Duration.ofMillis(100),
        /* auto= */ true,
        /* autoWindow= */ Duration.ofSeconds(1),
        /* autoMinShare= */ 0.02,
        /* autoTop= */ 20,
        /* autoMax= */ 50,
        /* startWait= */ Duration.ZERO);
    LiveJfr jfr = LiveJfr.start(new LiveJfr.Setup(
            options,
            /* instrumenter= */ null,
            recorders,
            new Snapshots(recorders),
            MethodSelector.timing(List.of(), List.of(), List.of()),
            /* argumentSelection= */ null,
            /* argumentSamples= */ null,
            /* includeSet= */ false,
            /* memoFigures= */ null,
            /* offloadFigures= */ null),
        /* after= */ null);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      long checksum = 0;
      JvmReport report = null;
      while (System.nanoTime() < deadline
          && (report == null || report.flameGraph().samples() == 0 || report.cpu().series().isEmpty())) {
        checksum += busyWork(checksum); // keeps a thread on CPU for the sampler to see
        report = jfr.report();
      }

      assertThat(report).isNotNull();
      assertThat(report.source()).isEqualTo("live");
      assertThat(report.flameGraph().samples()).isPositive();
      assertThat(report.events()).contains("jdk.ExecutionSample", "jdk.CPULoad", "jdk.ThreadPark");
      assertThat(jfr.state()).startsWith("on: live stream of");
      assertThat(jfr.autoState()).isEqualTo("off (timing is off)");
      // no detection: the governor is never told that it read the waits
      assertThat(jfr.waitsRead()).isFalse();
      assertThat(jfr.eventsState()).contains("overclock.MethodStatistics");
      assertThat(checksum).isNotZero();
    } finally {
      jfr.stop();
    }
  }

  /** A lock of its own class, so that the report's contention site names it. */
  private static final class Gate {}

  /**
   * The blocking handler (read once per event since 2026-12-04) still fills the report's
   * contention table: a monitor held by one thread while another waits to enter it.
   */
  @Test
  void blockingEvents_fillTheContentionTable_withTheLocksClass() throws InterruptedException {
    LiveJfr jfr = blockingStream();
    Gate gate = new Gate();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      JvmReport.Site site = null;
      while (site == null && System.nanoTime() < deadline) {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
          synchronized (gate) {
            held.countDown();
            sleepQuietly(40);
          }
        });
        holder.start();
        held.await();
        synchronized (gate) { // waits for the holder: a jdk.JavaMonitorEnter event
          site = contention(jfr.report());
        }
        holder.join();
      }

      assertThat(site).isNotNull();
      assertThat(site.count()).isPositive();
      assertThat(site.totalNanos()).isGreaterThanOrEqualTo(site.maxNanos()).isPositive();
      assertThat(site.kind()).isEqualTo("monitor");
    } finally {
      jfr.stop();
    }
  }

  /**
   * The JFR part without automatic timing, blocking events from 10 ms, started at once in this
   * JVM.
   */
  private static LiveJfr blockingStream() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    return blockingStream(recorders, new Snapshots(recorders));
  }

  private static LiveJfr blockingStream(TimingRecorders recorders, Snapshots snapshots) {
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofMillis(100), false, Duration.ofSeconds(1), 0.02, 20, 50, Duration.ZERO);
    return LiveJfr.start(new LiveJfr.Setup(options, /* instrumenter= */ null, recorders,
            snapshots, MethodSelector.timing(List.of(), List.of(), List.of()),
            null, null, false, null, null),
        /* after= */ null);
  }

  /** One completed call of the method, and its figures from a snapshot that listeners saw. */
  private static MethodSnapshot called(TimingRecorders recorders, Snapshots snapshots, int id) {
    long start = System.nanoTime();
    recorders.exit(id, recorders.enter(id), start, null);
    return snapshots.take().stream().filter(m -> recorders.idOf(m.method().key()) == id)
        .findFirst().orElseThrow();
  }

  private static JvmReport.Site contention(JvmReport report) {
    return contention(report, "LiveJfrTest$Gate");
  }

  private static JvmReport.Site contention(JvmReport report, String lockClass) {
    if (report == null) {
      return null;
    }
    return report.contention().stream()
        .filter(site -> site.detail().contains(lockClass)).findFirst().orElse(null);
  }

  /** Locks of their own classes, so that each has its row in the contention table. */
  private static final class Short {}

  private static final class Marker {}

  private static final class Barrier {}

  /**
   * Another thread holds {@code lock} for {@code millis} while this one waits to enter it.
   *
   * @return how long this thread waited, in milliseconds
   */
  private static long contend(Object lock, long millis) throws InterruptedException {
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    Thread holder = new Thread(() -> {
      synchronized (lock) {
        held.countDown();
        sleepQuietly(millis);
      }
    });
    holder.start();
    held.await();
    long start = System.nanoTime();
    synchronized (lock) {
      // entered once the holder let go
    }
    long waited = (System.nanoTime() - start) / 1_000_000;
    holder.join();
    return waited;
  }

  /** The count of the lock's row once a later, longer contention on {@code Marker} shows. */
  private static long countAfterMarker(LiveJfr jfr, String lockClass, long markersBefore)
      throws InterruptedException {
    contend(new Marker(), 150); // over any threshold here: the stream has passed what came before
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JvmReport report = jfr.report();
      JvmReport.Site marker = contention(report, "LiveJfrTest$Marker");
      if (marker != null && marker.count() > markersBefore) {
        JvmReport.Site site = contention(report, lockClass);
        return site == null ? 0 : site.count();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the marker's contention never reached the report");
  }

  /**
   * The overhead governor's last step raises the blocking events' threshold to five times {@code
   * jfr.threshold} in the running stream, and taking it back lowers it again: waits of 20 ms are
   * recorded from 10 ms, not from 50 ms (a wait the machine stretched to 50 ms or more may be, and
   * is allowed for), and are again once the step is taken back.
   */
  @Test
  void governorsThresholdStep_raisesTheBlockingThreshold_inTheRunningStream_andTakesItBack()
      throws InterruptedException {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    Snapshots snapshots = new Snapshots(recorders);
    int timed = recorders.register(new MethodRef("fixture.Waits", "run", "()V", "auto"));
    recorders.woven(timed); // as if instrumented: woven methods are the ones in snapshots
    LiveJfr jfr = blockingStream(recorders, snapshots);
    String shortLock = "LiveJfrTest$Short";
    try {
      Short lock = new Short();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (contention(jfr.report(), shortLock) == null && System.nanoTime() < deadline) {
        contend(lock, 20); // recorded: the stream is up and the threshold is 10 ms
      }
      assertThat(contention(jfr.report(), shortLock)).isNotNull();
      long before = countAfterMarker(jfr, shortLock, 0);
      // A timed method's evidence, from a baseline taken under the configured threshold.
      MethodReport.Evidence evidence = null;
      while (evidence == null && System.nanoTime() < deadline) {
        evidence = jfr.insights().evidence(called(recorders, snapshots, timed));
        sleepQuietly(50);
      }
      assertThat(evidence).isNotNull();
      assertThat(evidence.raisedThresholdNanos()).isZero();

      jfr.shed(dev.overclock.governor.OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD, true);
      assertThat(jfr.state()).contains("blocking events from 10.0 ms (50.0 ms now");
      // From now on its evidence lacks the waits between 10 and 50 ms, and says so.
      assertThat(jfr.insights().evidence(called(recorders, snapshots, timed))
          .raisedThresholdNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
      long stretched = 0;
      for (int i = 0; i < 10; i++) {
        if (contend(lock, 20) >= 45) {
          stretched++;
        }
      }
      long whileShed = countAfterMarker(jfr, shortLock, 1);
      assertThat(whileShed - before).isLessThanOrEqualTo(stretched);

      jfr.shed(dev.overclock.governor.OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD, false);
      assertThat(jfr.state()).doesNotContain("now: the overhead governor");
      for (int i = 0; i < 5; i++) {
        contend(lock, 20);
      }
      long after = countAfterMarker(jfr, shortLock, 2);
      assertThat(after).isGreaterThan(whileShed);
    } finally {
      jfr.stop();
    }
  }

  /**
   * What the governor is told its stream steps would cut: parks of 15 ms are recorded from 10 ms
   * and would not be from 50 ms, so nearly all of a period's events are the blocking threshold's.
   */
  @Test
  void eventShares_countTheBlockingEventsTheRaisedThresholdWouldDrop() throws InterruptedException {
    LiveJfr jfr = blockingStream();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (contention(jfr.report(), "LiveJfrTest$Marker") == null
          && System.nanoTime() < deadline) {
        contend(new Marker(), 150); // until the stream is up and has read a wait
      }
      jfr.eventShares(); // what came before is not this period's

      for (int i = 0; i < 80; i++) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(15).toNanos());
      }
      // this thread's events arrive in the order it wrote them: once its wait on a lock of its
      // own class shows, the stream has read the parks before it
      contend(new Barrier(), 150);
      while (contention(jfr.report(), "LiveJfrTest$Barrier") == null
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      java.util.Map<dev.overclock.governor.OverheadGovernor.Shed, Double> shares =
          jfr.eventShares();

      assertThat(shares.get(dev.overclock.governor.OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD))
          .isGreaterThan(0.5);
      assertThat(shares.get(dev.overclock.governor.OverheadGovernor.Shed.JFR_SAMPLE_INTERVAL))
          .isLessThan(0.25);
      // nothing new since: a quiet stream, whose events are not worth a step
      assertThat(jfr.eventShares()).containsOnly(
          java.util.Map.entry(dev.overclock.governor.OverheadGovernor.Shed.JFR_EVENT_TYPES, 0.0),
          java.util.Map.entry(
              dev.overclock.governor.OverheadGovernor.Shed.JFR_BLOCKING_THRESHOLD, 0.0));
    } finally {
      jfr.stop();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void whileItWaitsForTheApplicationsStart_theStateSaysSo_andStoppingEndsTheWait()
      throws InterruptedException {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    JfrOptions options = new JfrOptions(true, Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofMillis(100), true, Duration.ofSeconds(1), 0.02, 20, 50, Duration.ofMinutes(1));
    LiveJfr jfr = LiveJfr.start(new LiveJfr.Setup(options, /* instrumenter= */ null, recorders,
            new Snapshots(recorders), MethodSelector.timing(List.of(), List.of(), List.of()),
            null, null, false, null, null),
        /* after= */ null, Duration.ofMinutes(1), /* main= */ null);
    try {
      // The wait lasts at least three 100 ms polls; what it says is read the moment it shows.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String state = jfr.state();
      while (!state.startsWith(JfrStartup.WAITING) && System.nanoTime() < deadline) {
        Thread.sleep(1);
        state = jfr.state();
      }
      boolean settled = jfr.settled();

      assertThat(state).startsWith(JfrStartup.WAITING).contains("jfr.startwait");
      assertThat(settled).isFalse(); // the governor and the advice wait for its start
    } finally {
      jfr.stop();
    }
    assertThat(jfr.settled()).isTrue();
  }

  private static long busyWork(long seed) {
    long value = seed | 1;
    for (int i = 0; i < 200_000; i++) {
      value = value * 6364136223846793005L + 1442695040888963407L;
    }
    return value;
  }
}
