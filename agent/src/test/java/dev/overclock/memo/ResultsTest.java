package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

  @Test
  void same_comparesWithEquals_andArraysDeeply() {
    assertThat(Results.same("a", new String("a"))).isTrue();
    assertThat(Results.same(null, null)).isTrue();
    assertThat(Results.same(null, 0)).isFalse();
    assertThat(Results.same(new int[][] {{1}}, new int[][] {{1}})).isTrue();
    assertThat(Results.same(new int[] {1}, new int[] {2})).isFalse();
    assertThat(Results.same(List.of(1), List.of(1))).isTrue();
    assertThat(Results.same(Double.NaN, Double.NaN)).isTrue();
  }

  @Test
  void describe_showsJdkValues_andNeverCallsApplicationCode() {
    Object application = new Object() {
      @Override
      public String toString() {
        throw new AssertionError("application code must not run");
      }
    };

    assertThat(Results.arguments(new Object[] {"x", 1, 2.5, true, 'c', null, DayOfWeek.MONDAY,
        new long[3], "y".repeat(50)}, true))
        .isEqualTo("(\"x\", 1, 2.5, true, 'c', null, DayOfWeek.MONDAY, long[3], \""
            + "y".repeat(40) + "...\")");
    assertThat(Results.describe(application, true)).doesNotContain("application code");
    assertThat(Results.describe(new ResultsTest(), true)).isEqualTo("ResultsTest");
  }

  @Test
  void describe_byDefault_showsTypesLengthsAndHashes_neverTheValue() {
    Object application = new Object() {
      @Override
      public int hashCode() {
        throw new AssertionError("application code must not run");
      }
    };
    String secret = "s3cr3t-token-4711";

    String text = Results.arguments(new Object[] {secret, 4711, 'q', true, DayOfWeek.MONDAY,
        new long[] {4711}, null, application, new Object[] {secret}}, false);

    assertThat(text).doesNotContain("s3cr3t").doesNotContain("4711").doesNotContain("'q'")
        .doesNotContain("MONDAY").doesNotContain("application code");
    assertThat(text).matches("\\(String\\(17 chars\\)#[0-9a-f]{8}, Integer#[0-9a-f]{8},"
        + " Character#[0-9a-f]{8}, Boolean#[0-9a-f]{8}, DayOfWeek#[0-9a-f]{8},"
        + " long\\[1\\]#[0-9a-f]{8}, null, [\\w.$]+, Object\\[1\\]\\)");
    // Equal values have equal hashes within a run, different values (almost always) differ:
    // the evidence still shows what changed.
    assertThat(Results.describe(secret, false)).isEqualTo(Results.describe(
        new String(secret), false));
    assertThat(Results.describe(10, false)).isNotEqualTo(Results.describe(15, false));
    assertThat(Results.describe(10, false)).isNotEqualTo(Results.describe(10L, false));
  }
}
