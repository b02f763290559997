package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions about code changes, on an injected clock (seconds written as nanoseconds). */
class CodeChangeWatchTest {

  private static final long S = 1_000_000_000L;
  private static final Frame PRICE = new Frame("com.acme.Pricing", "price", "(I)J", 10);
  private static final Settings SETTINGS = new Settings(3 * S, 2, 2, 60 * S);

  private record Settings(long grace, int windows, int perWindow, long backoff) {}

  private static CodeChangeWatch watch() {
    return new CodeChangeWatch(new CodeChangeWatch.Settings(
        SETTINGS.grace(), SETTINGS.windows(), SETTINGS.perWindow(), SETTINGS.backoff()));
  }

  private static SampleWindow share(Frame method, long self) {
    return new SampleWindow(1_000, List.of(new SampleWindow.Counted(method, self, self)));
  }

  @Test
  void aChangeThatIsRecompiledInTime_settles_andChangesGoOn() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);
    assertThat(watch.changesAllowed(1 * S)).as("not settled yet").isZero();

    // interpreted for a moment (80% of the samples), then compiled again (21%)
    assertThat(watch.window(share(PRICE, 800), 1 * S)).isEmpty();
    assertThat(watch.window(share(PRICE, 210), 2 * S)).isEmpty();

    assertThat(watch.changesAllowed(2 * S)).isEqualTo(2);
    assertThat(watch.undone()).isEmpty();
  }

  @Test
  void aChangeThatLeavesTheMethodSlower_isUndone_andChangesStopForTheBackOff() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);

    assertThat(watch.window(share(PRICE, 850), 2 * S)).as("within the grace").isEmpty();
    assertThat(watch.window(share(PRICE, 850), 5 * S)).as("one window is not enough").isEmpty();
    List<CodeChangeWatch.Undo> undos = watch.window(share(PRICE, 850), 10 * S);

    assertThat(undos).singleElement().satisfies(undo -> {
      assertThat(undo.key()).isEqualTo(PRICE.key());
      assertThat(undo.reason()).contains("85%", "20%", "taken back");
    });
    assertThat(watch.isUndone(PRICE.key())).isTrue();
    assertThat(watch.changesAllowed(11 * S)).isZero();
    assertThat(watch.changesAllowed(71 * S)).isEqualTo(2);
  }

  @Test
  void aSlowerWindowBetweenNormalOnes_isNotEnough() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);

    watch.window(share(PRICE, 900), 4 * S);
    watch.window(share(PRICE, 200), 5 * S);
    watch.window(share(PRICE, 900), 6 * S);

    assertThat(watch.undone()).isEmpty();
  }

  @Test
  void aSmallShare_isNoise_evenWhenItDoubles() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.01, 0);

    for (int i = 4; i < 10; i++) {
      watch.window(share(PRICE, 40), i * S);
    }

    assertThat(watch.undone()).isEmpty();
    assertThat(watch.changesAllowed(10 * S)).isEqualTo(2);
  }
}
