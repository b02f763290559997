package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.MethodRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memoization statistics event: windows of the memo totals, recorded and read back. */
class MemoStatisticsTest {

  private static final MethodRef QUOTE =
      new MethodRef("com.acme.Pricing", "quote", "(I)J", "annotation");
  private static final MethodRef IDLE =
      new MethodRef("com.acme.Pricing", "idle", "(I)J", "annotation");
  private static final MethodRef SKIPPED =
      new MethodRef("com.acme.Pricing", "log", "(I)V", "annotation");

  @TempDir
  Path dir;

  @Test
  void eachEmission_holdsTheFiguresSinceThePrevious_forMethodsWithCalls() throws IOException {
    AtomicReference<List<MemoSnapshot>> totals = new AtomicReference<>(List.of(
        figures(QUOTE, "active", 90, 10, 2, 0), figures(IDLE, "active", 0, 0, 0, 0),
        skipped()));
    MemoStatistics statistics = new MemoStatistics(totals::get);
    List<RecordedEvent> recorded;
    try (Recording recording = new Recording()) {
      recording.enable(MemoStatisticsEvent.class);
      recording.start();

      statistics.run();
      totals.set(List.of(figures(QUOTE, "unsafe", 150, 30, 3, 4),
          figures(IDLE, "active", 0, 0, 0, 0), skipped()));
      statistics.run();
      statistics.run(); // nothing happened since: no event

      recording.stop();
      recording.dump(dir.resolve("memo.jfr"));
      recorded = RecordingFile.readAllEvents(dir.resolve("memo.jfr"));
    }

    List<RecordedEvent> events = new ArrayList<>(recorded.stream()
        .filter(event -> event.getEventType().getName().equals("overclock.MemoStatistics"))
        .toList());
    events.sort((a, b) -> Long.compare(a.getLong("totalHits"), b.getLong("totalHits")));
    assertThat(events).hasSize(2);
    assertThat(statistics.events()).isEqualTo(2);
    RecordedEvent first = events.get(0);
    assertThat(first.getEventType().getCategoryNames()).containsExactly("Overclock");
    assertThat(first.getString("method")).isEqualTo("com.acme.Pricing::quote");
    assertThat(first.getLong("hits")).isEqualTo(90);
    assertThat(first.getLong("misses")).isEqualTo(10);
    // (hits + verifications) / lookups, as in the report
    assertThat(first.getDouble("hitRatio")).isCloseTo(92.0 / 102, within(1e-9));
    assertThat(first.getDuration("meanMiss")).isEqualTo(Duration.ofNanos(1_000));
    assertThat(first.getDuration("saved")).isEqualTo(Duration.ofNanos(90_000));
    RecordedEvent second = events.get(1);
    assertThat(second.getString("state")).isEqualTo("unsafe");
    assertThat(second.getLong("hits")).isEqualTo(60);
    assertThat(second.getLong("misses")).isEqualTo(20);
    assertThat(second.getLong("evictions")).isEqualTo(4);
    assertThat(second.getLong("verifyChecks")).isEqualTo(1);
    assertThat(second.getLong("size")).isEqualTo(30);
    assertThat(second.getLong("totalHits")).isEqualTo(150);
    assertThat(second.getDuration("window")).isPositive();
    assertThat(second.getStackTrace()).isNull();
  }

  @Test
  void withoutARecording_theFiguresAreNotRead() {
    MemoStatistics statistics = new MemoStatistics(() -> {
      throw new AssertionError("read without a recording");
    });

    statistics.run();

    assertThat(statistics.events()).isZero();
  }

  private static MemoSnapshot skipped() {
    return new MemoSnapshot(SKIPPED, null, "skipped", "returns void", null, 0, 0, 0, 0, 0, 0, 0,
        0);
  }

  /** Totals with a mean miss of 1 us; the cache holds one result per miss. */
  private static MemoSnapshot figures(MethodRef method, String state, long hits, long misses,
      long checks, long evictions) {
    return new MemoSnapshot(method, null, state, null, null, hits, misses, misses * 1_000, 0,
        checks, 0, evictions, misses);
  }
}
