package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.metrics.Snapshots;
import dev.overclock.metrics.TimedCalls;
import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.CodeChange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overclock's own events, recorded in this JVM and read back from the file JFR wrote. */
class OverclockEventsTest {

  private static final MethodRef QUOTE =
      new MethodRef("com.acme.Pricing", "quote", "(I)J", "annotation");

  @TempDir
  Path dir;

  @Test
  void eachEvent_isRecorded_inCategoryOverclock_withItsFields() throws IOException {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    int id = recorders.register(QUOTE);
    recorders.woven(id);
    for (long nanos : new long[] {1_000, 2_000, 3_000}) {
      TimedCalls.call(recorders, id, nanos, null);
    }
    TimedCalls.call(recorders, id, 40_000, new IllegalStateException());
    OverclockEvents events = new OverclockEvents(5_000_000L);
    List<RecordedEvent> recorded;
    try (Recording recording = new Recording()) {
      recording.enable(MethodStatisticsEvent.class);
      recording.enable(SlowInvocationEvent.class);
      recording.enable(CodeChangeEvent.class);
      recording.start();

      List<MethodSnapshot> methods = recorders.snapshot();
      events.window(new Snapshots.Window(0, 1_000_000_000L, methods));
      events.slowCall(QUOTE, 7_000_000L, true);
      events.changed(new CodeChange(Instant.parse("2026-11-22T10:00:00Z"), "com.acme.Pricing",
          "retransformed", "timing", List.of("quote(I)J"), "timing: auto: 12.0% of samples"));

      recording.stop();
      recording.dump(dir.resolve("events.jfr"));
      recorded = RecordingFile.readAllEvents(dir.resolve("events.jfr"));
    }

    RecordedEvent statistics = only(recorded, "overclock.MethodStatistics");
    assertThat(statistics.getEventType().getCategoryNames()).containsExactly("Overclock");
    assertThat(statistics.getString("method")).isEqualTo("com.acme.Pricing::quote");
    assertThat(statistics.getLong("calls")).isEqualTo(4);
    assertThat(statistics.getLong("errors")).isEqualTo(1);
    assertThat(statistics.getLong("totalCalls")).isEqualTo(4);
    assertThat(statistics.getDuration("window")).isEqualTo(Duration.ofSeconds(1));
    assertThat(statistics.getDuration("mean")).isEqualTo(Duration.ofNanos(11_500)); // exact
    // Percentiles come from a histogram with two significant digits: each reads as the top of
    // its bucket, 2 000 ns as 2 007 and 40 000 ns as 40 191 (within 1%, never below).
    assertThat(statistics.getDuration("p50")).isEqualTo(Duration.ofNanos(2_007));
    assertThat(statistics.getDuration("p90")).isEqualTo(Duration.ofNanos(40_191));
    assertThat(statistics.getDuration("p99")).isEqualTo(Duration.ofNanos(40_191));
    assertThat(statistics.getDuration("max")).isEqualTo(Duration.ofNanos(40_191));
    assertThat(statistics.getStackTrace()).isNull();

    RecordedEvent slow = only(recorded, "overclock.SlowInvocation");
    assertThat(slow.getDuration("callDuration")).isEqualTo(Duration.ofMillis(7));
    assertThat(slow.getDuration("threshold")).isEqualTo(Duration.ofMillis(5));
    assertThat(slow.getBoolean("threw")).isTrue();
    assertThat(slow.getStackTrace().getFrames()).anySatisfy(frame ->
        assertThat(frame.getMethod().getName())
            .isEqualTo("eachEvent_isRecorded_inCategoryOverclock_withItsFields"));

    RecordedEvent change = only(recorded, "overclock.CodeChange");
    assertThat(change.getString("className")).isEqualTo("com.acme.Pricing");
    assertThat(change.getString("action")).isEqualTo("retransformed");
    assertThat(change.getString("methods")).isEqualTo("quote(I)J");
    assertThat(change.getString("reason")).contains("auto");
    assertThat(change.getInstant("changedAt")).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @Test
  void slowInvocations_areRateLimited() throws IOException {
    OverclockEvents events = new OverclockEvents(1_000_000L);
    List<RecordedEvent> recorded;
    try (Recording recording = new Recording()) {
      recording.enable(SlowInvocationEvent.class);
      recording.start();
      for (int i = 0; i < 1_000; i++) {
        events.slowCall(QUOTE, 2_000_000L, false);
      }
      recording.stop();
      recording.dump(dir.resolve("slow.jfr"));
      recorded = RecordingFile.readAllEvents(dir.resolve("slow.jfr"));
    }

    long slow = recorded.stream()
        .filter(event -> event.getEventType().getName().equals("overclock.SlowInvocation")).count();
    assertThat(slow).isBetween(100L, 999L);
    assertThat(events.droppedSlowEvents()).isEqualTo(1_000 - slow);
  }

  @Test
  void withoutARecording_nothingIsBuilt() {
    OverclockEvents events = new OverclockEvents(1_000_000L);

    events.slowCall(QUOTE, 2_000_000L, false);

    assertThat(events.droppedSlowEvents()).isZero();
    assertThat(events.statisticsEvents()).isZero();
  }

  @Test
  void periodicHook_runsWhileARecordingEnablesTheEvent_andIsRemovedOnClose()
      throws InterruptedException {
    OverclockEvents events = new OverclockEvents(0);
    CountDownLatch called = new CountDownLatch(2);
    events.addPeriodic(MethodStatisticsEvent.class, called::countDown, () -> true);
    try (Recording recording = new Recording()) {
      recording.enable(MethodStatisticsEvent.class).withPeriod(Duration.ofMillis(50));
      recording.start();

      assertThat(called.await(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      events.close();
    }
  }

  @Test
  void periodicHook_whileOnlyTheAgentsOwnStreamRuns_takesNoSnapshot() throws InterruptedException {
    OverclockEvents events = new OverclockEvents(0);
    CountDownLatch asked = new CountDownLatch(3);
    java.util.concurrent.atomic.AtomicInteger called = new java.util.concurrent.atomic.AtomicInteger();
    events.addPeriodic(MethodStatisticsEvent.class, called::incrementAndGet, () -> {
      asked.countDown();
      return false; // no recording but the agent's own
    });
    try (Recording recording = new Recording()) {
      recording.enable(MethodStatisticsEvent.class).withPeriod(Duration.ofMillis(50));
      recording.start();

      assertThat(asked.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(called.get()).isZero();
    } finally {
      events.close();
    }
  }

  @Test
  void foreignRecordings_ignoreTheAgentsOwn_andSeeAnyOther() {
    java.util.Set<Long> before = ForeignRecordings.ids();
    try (Recording own = new Recording(); Recording startup = new Recording()) {
      own.setMaxAge(LiveStream.MAX_AGE);
      own.setMaxSize(LiveStream.MAX_SIZE);
      ForeignRecordings others = ForeignRecordings.besides(before);
      own.start();
      assertThat(others.getAsBoolean()).isFalse();
      startup.start(); // created in the same window, without the stream's limits: not the agent's
      assertThat(others.getAsBoolean()).isTrue();
      startup.stop();
      assertThat(others.getAsBoolean()).isFalse();

      try (Recording user = new Recording()) {
        assertThat(others.getAsBoolean()).as("created, not running").isFalse();
        user.start();
        assertThat(others.getAsBoolean()).isTrue();
        user.stop();
        assertThat(others.getAsBoolean()).isFalse();
      }
    }
  }

  private static RecordedEvent only(List<RecordedEvent> events, String name) {
    List<RecordedEvent> matching =
        events.stream().filter(event -> event.getEventType().getName().equals(name)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
