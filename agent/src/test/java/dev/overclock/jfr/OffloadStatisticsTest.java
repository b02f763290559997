package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.offload.Mode;
import dev.overclock.offload.OffloadFigures;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.OffloadSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offload statistics event: windows of the offload totals, recorded and read back. */
class OffloadStatisticsTest {

  private static final MethodRef FETCH =
      new MethodRef("com.acme.Client", "fetch", "(Ljava/lang/String;)I", "annotation");
  private static final MethodRef IDLE =
      new MethodRef("com.acme.Client", "idle", "()Ljava/util/concurrent/CompletableFuture;",
          "filter");

  @TempDir
  Path dir;

  @Test
  void eachEmission_holdsTheFiguresSinceThePrevious_withTheWindowsBodyLatencies()
      throws IOException {
    Histogram fetchLatency = new Histogram(2);
    record(fetchLatency, 10, 1_000_000); // ten bodies of 1 ms
    AtomicReference<List<OffloadFigures>> totals = new AtomicReference<>(List.of(
        figures(0, FETCH, Mode.WAIT, 10, 0, 1, 0, fetchLatency),
        figures(1, IDLE, Mode.FUTURE, 0, 0, 0, 0, new Histogram(2))));
    OffloadStatistics statistics = new OffloadStatistics(totals::get);
    List<RecordedEvent> recorded;
    try (Recording recording = new Recording()) {
      recording.enable(OffloadStatisticsEvent.class);
      recording.start();

      statistics.run();
      // Then five more calls: four bodies of 50 ms finished, one timed out, one still runs.
      record(fetchLatency, 4, 50_000_000);
      totals.set(List.of(figures(0, FETCH, Mode.WAIT, 15, 1, 3, 1, fetchLatency),
          figures(1, IDLE, Mode.FUTURE, 0, 0, 0, 0, new Histogram(2))));
      statistics.run();

      recording.stop();
      recording.dump(dir.resolve("offload.jfr"));
      recorded = RecordingFile.readAllEvents(dir.resolve("offload.jfr"));
    }

    List<RecordedEvent> events = new ArrayList<>(recorded.stream()
        .filter(event -> event.getEventType().getName().equals("overclock.OffloadStatistics"))
        .toList());
    events.sort((a, b) -> Long.compare(a.getLong("totalCalls"), b.getLong("totalCalls")));
    assertThat(events).hasSize(2); // the idle method had nothing to say
    assertThat(statistics.events()).isEqualTo(2);
    RecordedEvent first = events.get(0);
    assertThat(first.getEventType().getCategoryNames()).containsExactly("Overclock");
    assertThat(first.getString("method")).isEqualTo("com.acme.Client::fetch");
    assertThat(first.getString("mode")).isEqualTo("wait");
    assertThat(first.getString("carrier")).isEqualTo("virtual");
    assertThat(first.getLong("calls")).isEqualTo(10);
    assertThat(first.getLong("bodies")).isEqualTo(10);
    assertThat(first.getDuration("p99").toNanos()).isBetween(1_000_000L, 1_010_000L);
    RecordedEvent second = events.get(1);
    assertThat(second.getLong("calls")).isEqualTo(5);
    assertThat(second.getLong("timeouts")).isEqualTo(1);
    assertThat(second.getInt("inFlight")).isEqualTo(1);
    assertThat(second.getInt("maxInFlight")).isEqualTo(3);
    // Only the window's bodies: the four of 50 ms, none of the earlier 1 ms ones.
    assertThat(second.getLong("bodies")).isEqualTo(4);
    assertThat(second.getDuration("p50").toNanos()).isBetween(50_000_000L, 50_500_000L);
    assertThat(second.getDuration("max")).isEqualTo(second.getDuration("p99"));
    assertThat(second.getLong("totalCalls")).isEqualTo(15);
    assertThat(second.getDuration("window")).isPositive().isLessThan(Duration.ofMinutes(1));
    assertThat(second.getStackTrace()).isNull();
  }

  @Test
  void withoutARecording_theFiguresAreNotRead() {
    OffloadStatistics statistics = new OffloadStatistics(() -> {
      throw new AssertionError("read without a recording");
    });

    statistics.run();

    assertThat(statistics.events()).isZero();
  }

  private static void record(Histogram histogram, int count, long nanos) {
    for (int i = 0; i < count; i++) {
      histogram.recordValue(nanos);
    }
  }

  /** Totals of one method; the histogram is copied, as the recorders hand out copies. */
  private static OffloadFigures figures(int id, MethodRef method, Mode mode, long calls,
      long timeouts, int maxInFlight, int inFlight, Histogram latency) {
    return new OffloadFigures(id, new OffloadSnapshot(method, mode, OffloadSettings.DEFAULTS,
        "virtual", calls, inFlight, maxInFlight, 0, timeouts, 0, 0,
        LatencySummary.of(latency, latency.getTotalCount()), 0, 0, null, null), latency.copy());
  }
}
