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
  private final SampleRate rate = new SampleRate(NOMINAL, applied::add, SampleRate.SETTLED_FACTOR);

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

  @Test
  void whereTheSampledThreadsWalkTheirOwnStacks_theSettledIntervalIsFiveTimes() {
    assertThat(SampleRate.settledFactor(17)).isEqualTo(2);
    assertThat(SampleRate.settledFactor(21)).isEqualTo(2);
    assertThat(SampleRate.settledFactor(25)).isEqualTo(5);
    assertThat(SampleRate.settledFactor(26)).isEqualTo(5);

    SampleRate cooperative = new SampleRate(NOMINAL, applied::add, SampleRate.settledFactor(25));
    for (int i = 0; i < SampleRate.SETTLE_WINDOWS; i++) {
      cooperative.window(false);
    }
    assertThat(cooperative.current()).isEqualTo(Duration.ofMillis(100));
    cooperative.shed(true);
    assertThat(cooperative.current()).isEqualTo(Duration.ofMillis(200));
    cooperative.window(true); // a method found: nominal, still shed
    assertThat(applied).containsExactly(
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(40));
  }

  @Test
  void inThisJvm_theFactorFollowsItsFeatureRelease() {
    SampleRate own = new SampleRate(NOMINAL, applied::add);
    for (int i = 0; i < SampleRate.SETTLE_WINDOWS; i++) {
      own.window(false);
    }
    assertThat(own.current()).isEqualTo(
        NOMINAL.multipliedBy(Runtime.version().feature() >= 25 ? 5 : 2));
  }
}
