package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class MemoKeysTest {

  @Test
  void twoArgumentKeys_andTheirTypeShortcuts_agreeWithEqualsAndHashCode() {
    // The keys test Long, Integer and String by exact class before calling equals/hashCode; the
    // verdicts must be those of Objects.equals/Objects.hashCode for every pair, mixed types too.
    List<Object> values = List.of(1L, Long.valueOf(1000), Long.valueOf(1000L + 0), 1, 1000, "a",
        new String("a"), "b", 1.0, 'c', (short) 1, new Object(), List.of(1L));
    List<Object> all = new java.util.ArrayList<>(values);
    all.add(null);
    for (Object a : all) {
      assertThat(MemoKeys.hash(a)).isEqualTo(Objects.hashCode(a));
      for (Object b : all) {
        assertThat(MemoKeys.same(a, b)).as("%s, %s", a, b).isEqualTo(Objects.equals(a, b));
        Object two = MemoKeys.of(a, b);
        Object other = MemoKeys.of(b, a);
        assertThat(two.equals(other)).isEqualTo(Objects.equals(a, b));
        assertThat(two.equals(MemoKeys.of(a, b))).isTrue();
        assertThat(two.hashCode()).isEqualTo(MemoKeys.of(a, b).hashCode());
      }
    }
  }

  @Test
  void oneArgument_isItsOwnKey() {
    assertThat(MemoKeys.of(new Object[] {42L})).isEqualTo(42L);
    assertThat(MemoKeys.of(new Object[] {"a"})).isEqualTo("a");
  }

  @Test
  void noArguments_andANullArgument_haveKeysOfTheirOwn() {
    assertThat(MemoKeys.of(new Object[0])).isSameAs(MemoKeys.NO_ARGUMENTS);
    assertThat(MemoKeys.of(new Object[] {null})).isSameAs(MemoKeys.NULL)
        .isNotEqualTo(MemoKeys.NO_ARGUMENTS);
  }

  @Test
  void severalArguments_compareByValue_inOrder() {
    assertThat(MemoKeys.of(new Object[] {"a", 1, null}))
        .isEqualTo(MemoKeys.of(new Object[] {"a", 1, null}))
        .hasSameHashCodeAs(MemoKeys.of(new Object[] {"a", 1, null}))
        .isNotEqualTo(MemoKeys.of(new Object[] {1, "a", null}))
        .isNotEqualTo(MemoKeys.of(new Object[] {"a", 1L, null}));
  }

  @Test
  void arrays_compareByContent_alsoNested_andOfEveryPrimitiveType() {
    Object[] args = {new int[] {1, 2}, new long[][] {{3}}, new double[] {0.5}, new byte[] {1},
        new char[] {'c'}, new boolean[] {true}, new float[] {1f}, new short[] {2}, new String[] {"s"}};
    Object[] same = {new int[] {1, 2}, new long[][] {{3}}, new double[] {0.5}, new byte[] {1},
        new char[] {'c'}, new boolean[] {true}, new float[] {1f}, new short[] {2}, new String[] {"s"}};

    assertThat(MemoKeys.of(args)).isEqualTo(MemoKeys.of(same)).hasSameHashCodeAs(MemoKeys.of(same));
    assertThat(MemoKeys.of(new Object[] {new int[] {1, 2}}))
        .isEqualTo(MemoKeys.of(new Object[] {new int[] {1, 2}}))
        .isNotEqualTo(MemoKeys.of(new Object[] {new int[] {2, 1}}));
  }

  @Test
  void storedKey_ownsItsArrays_soLaterChangesOfTheCallersArraysDoNotAffectIt() {
    int[] flat = {1, 2};
    long[][] nested = {{3, 4}};
    Object stored = MemoKeys.stored(MemoKeys.of(new Object[] {flat, nested, "x"}));

    flat[0] = 100;
    nested[0][0] = 300;

    assertThat(stored).isEqualTo(MemoKeys.of(new Object[] {new int[] {1, 2}, new long[][] {{3, 4}}, "x"}));
    assertThat(stored).isNotEqualTo(MemoKeys.of(new Object[] {flat, nested, "x"}));
  }

  @Test
  void storedKey_withoutArrays_isTheLookupKeyItself() {
    Object key = MemoKeys.of(new Object[] {"a", 1});

    assertThat(MemoKeys.stored(key)).isSameAs(key);
  }

  @Test
  void receiverKeys_differByReceiverToken_evenForEqualArguments() {
    Object first = new Object();
    Object second = new Object();

    assertThat(new MemoKeys.Receiver(first, 1)).isEqualTo(new MemoKeys.Receiver(first, 1))
        .isNotEqualTo(new MemoKeys.Receiver(second, 1))
        .isNotEqualTo(new MemoKeys.Receiver(first, 2));
    Object withArray = MemoKeys.stored(new MemoKeys.Receiver(first, MemoKeys.of(new Object[] {new int[] {1}})));
    assertThat(withArray).isEqualTo(new MemoKeys.Receiver(first, MemoKeys.of(new Object[] {new int[] {1}})));
  }
}
