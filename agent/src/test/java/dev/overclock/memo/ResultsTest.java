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
        new long[3], "y".repeat(50)}))
        .isEqualTo("(\"x\", 1, 2.5, true, 'c', null, DayOfWeek.MONDAY, long[3], \""
            + "y".repeat(40) + "...\")");
    assertThat(Results.describe(application)).doesNotContain("application code");
    assertThat(Results.describe(new ResultsTest())).isEqualTo("ResultsTest");
  }
}
