package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScrapeCacheTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger builds = new AtomicInteger();

  private ScrapeCache cache() {
    return new ScrapeCache(() -> {
      builds.incrementAndGet();
      return ScrapeFixtures.sample();
    }, 500, Duration.ofMinutes(5), Duration.ofSeconds(1), now::get);
  }

  @Test
  void withinTheInterval_everyFormatComesFromOneBuild() {
    ScrapeCache cache = cache();

    ScrapeCache.Body first = cache.body(ExpositionFormat.TEXT, false);
    now.addAndGet(Duration.ofMillis(999).toNanos());
    ScrapeCache.Body again = cache.body(ExpositionFormat.TEXT, false);
    ScrapeCache.Body openMetrics = cache.body(ExpositionFormat.OPENMETRICS, true);

    assertThat(builds).hasValue(1);
    assertThat(first.cached()).isFalse();
    assertThat(again.cached()).isTrue();
    assertThat(again.bytes()).isSameAs(first.bytes());
    assertThat(openMetrics.cached()).isFalse(); // written from the same build, first time
  }

  @Test
  void afterTheInterval_theScrapeIsBuiltAgain() {
    ScrapeCache cache = cache();
    cache.body(ExpositionFormat.TEXT, false);

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    ScrapeCache.Body fresh = cache.body(ExpositionFormat.TEXT, false);

    assertThat(builds).hasValue(2);
    assertThat(fresh.cached()).isFalse();
  }

  @Test
  void aFailedBuild_isNotKept() {
    AtomicInteger calls = new AtomicInteger();
    ScrapeCache cache = new ScrapeCache(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return ScrapeFixtures.sample();
    }, 500, Duration.ofMinutes(5), Duration.ofSeconds(1), now::get);

    assertThatThrownBy(() -> cache.body(ExpositionFormat.TEXT, false))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cache.body(ExpositionFormat.TEXT, false).cached()).isFalse();
    assertThat(calls).hasValue(2);
  }
}
