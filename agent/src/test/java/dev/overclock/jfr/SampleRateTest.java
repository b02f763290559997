package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream's sample interval: longer once detection settles and while shed, set back after. */
class SampleRateTest {

  private static final Duration NOMINAL = Duration.ofMillis(20);

  private final List<Duration> applied = new ArrayList<>();
  private final SampleRate rate = new SampleRate(NOMINAL, applied::add);

  @Test
  void settles_afterWindowsThatAddNothing_andComesBackWhenOneAddsAMethod() {
    for (int i = 0; i < SampleRate.SETTLE_WINDOWS - 1; i++) {
      rate.window(false);
    }
    rate.window(true); // a method found: the count starts again
    for (int i = 0; i < SampleRate.SETTLE_WINDOWS - 1; i++) {
      rate.window(false);
    }
    assertThat(applied).isEmpty();
    assertThat(rate.current()).isEqualTo(NOMINAL);
    assertThat(rate.why()).isNull();

    rate.window(false);
    assertThat(applied).containsExactly(Duration.ofMillis(40));
    assertThat(rate.why()).isEqualTo("hot-method detection found nothing new lately");

    rate.window(false); // still quiet: nothing asked of JFR again
    assertThat(applied).containsExactly(Duration.ofMillis(40));

    rate.window(true);
    assertThat(applied).containsExactly(Duration.ofMillis(40), NOMINAL);
    assertThat(rate.current()).isEqualTo(NOMINAL);
  }

  @Test
  void theGovernorsStep_doublesWhateverTheIntervalIs() {
    rate.shed(true);
    assertThat(rate.current()).isEqualTo(Duration.ofMillis(40));
    assertThat(rate.why()).isEqualTo("the overhead governor sheds it");

    for (int i = 0; i < SampleRate.SETTLE_WINDOWS; i++) {
      rate.window(false);
    }
    assertThat(rate.current()).isEqualTo(Duration.ofMillis(80));

    rate.shed(false);
    assertThat(applied).containsExactly(
        Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(40));
    assertThat(rate.settled()).isTrue();
  }
}
