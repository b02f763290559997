package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArgumentSamplesTest {

  @Test
  void unstartedMethod_isNeverWanted() {
    ArgumentSamples samples = new ArgumentSamples();

    assertThat(samples.wanted(3)).isFalse();
    assertThat(samples.wanted(10_000)).isFalse();
    assertThat(samples.summary(3)).isNull();
  }

  @Test
  void oneCallInN_isWanted_untilTheTarget() {
    ArgumentSamples samples = new ArgumentSamples();
    samples.start(2, 4, 3);

    int wanted = 0;
    for (int call = 0; call < 40; call++) {
      if (samples.wanted(2)) {
        wanted++;
        samples.sample(2, null, new Object[] {call});
      }
    }

    assertThat(wanted).isEqualTo(3);
    assertThat(samples.summary(2)).isEqualTo(new ArgumentSummary(3, 3, true));
  }

  @Test
  void repeatedArguments_countOnce_soTheRepeatRateEstimatesACacheHitRate() {
    ArgumentSamples samples = new ArgumentSamples();
    samples.start(0, 1, 1_000);
    Object receiver = new Object();

    for (int call = 0; call < 100; call++) {
      samples.wanted(0);
      samples.sample(0, receiver, new Object[] {"sku-" + (call % 10), call % 2, new int[] {1, 2}});
    }

    ArgumentSummary summary = samples.summary(0);
    assertThat(summary.sampledCalls()).isEqualTo(100);
    assertThat(summary.distinct()).isEqualTo(10);
    assertThat(summary.repeatRate()).isCloseTo(0.9, within(1e-9));
    assertThat(summary.complete()).isFalse();
  }

  @Test
  void argumentsFromASetLargerThanTheSample_areExpectedToHitMoreThanTheyRepeated() {
    ArgumentSamples samples = new ArgumentSamples();
    samples.start(0, 1, 1_000);
    // 7 calls: "a" twice, "c" three times, "b" and "d" once each
    for (String word : new String[] {"a", "a", "b", "c", "c", "c", "d"}) {
      samples.wanted(0);
      samples.sample(0, null, new Object[] {word});
    }

    ArgumentSummary summary = samples.summary(0);
    assertThat(summary.distinct()).isEqualTo(4);
    assertThat(summary.singletons()).isEqualTo(2);
    assertThat(summary.repeatRate()).isCloseTo(3.0 / 7, within(1e-9));
    // Good-Turing: the next call brings a new word with a chance of about 2/7 (b and d, once)
    assertThat(summary.expectedHitRate()).isCloseTo(5.0 / 7, within(1e-9));
  }

  @Test
  void argumentsThatNeverRepeat_areExpectedToHitNever() {
    ArgumentSamples samples = new ArgumentSamples();
    samples.start(0, 1, 1_000);
    for (int call = 0; call < 500; call++) {
      samples.wanted(0);
      samples.sample(0, null, new Object[] {"word-" + call, call});
    }

    assertThat(samples.summary(0).expectedHitRate()).isZero();
    assertThat(new ArgumentSummary(10, 4, true).expectedHitRate()) // singletons unknown
        .isCloseTo(0.6, within(1e-9));
  }

  @Test
  void receiverIdentity_isPartOfTheKey() {
    assertThat(ArgumentSamples.hash(new Object(), new Object[] {1}))
        .isNotEqualTo(ArgumentSamples.hash(new Object(), new Object[] {1}));
    Object same = new Object();
    assertThat(ArgumentSamples.hash(same, new Object[] {"a", null, new long[] {7}}))
        .isEqualTo(ArgumentSamples.hash(same, new Object[] {"a", null, new long[] {7}}));
    assertThat(ArgumentSamples.hash(null, new Object[] {1, 2}))
        .isNotEqualTo(ArgumentSamples.hash(null, new Object[] {2, 1}));
  }

  @Test
  void aThrowingHashCode_countsAsNeverRepeating_andDoesNotThrow() {
    Object broken = new Object() {
      @Override
      public int hashCode() {
        throw new IllegalStateException("no hash");
      }
    };

    assertThat(ArgumentSamples.hash(null, new Object[] {broken}))
        .isEqualTo(ArgumentSamples.hash(null, new Object[] {broken}));
  }

  @Test
  void finish_stopsSampling_butKeepsTheSummary() {
    ArgumentSamples samples = new ArgumentSamples();
    samples.start(1, 1, 100);
    samples.wanted(1);
    samples.sample(1, null, new Object[] {1});

    samples.finish(1);

    assertThat(samples.wanted(1)).isFalse();
    assertThat(samples.summary(1)).isEqualTo(new ArgumentSummary(1, 1, true));
  }
}
