package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack lists the readers share: equal to any list of the same frames, and unmodifiable. */
class FrameListTest {

  private static final Frame TOP = new Frame("org.example.Pricing", "quote", "(I)J", 12);
  private static final Frame RUN = new Frame("java.lang.Thread", "run", "()V", 833);

  @Test
  void equalsAndHashesLikeAnyListOfTheSameFrames_soTheSharedStacksAreFoundByAReadList() {
    List<Frame> read = new ArrayList<>(List.of(TOP, RUN));
    List<Frame> frames = FrameList.copyOf(read);

    assertThat(frames).containsExactly(TOP, RUN);
    assertThat(frames).isEqualTo(List.of(TOP, RUN));
    assertThat(List.of(TOP, RUN)).isEqualTo(frames);
    assertThat(frames.hashCode()).isEqualTo(List.of(TOP, RUN).hashCode());
    Map<List<Frame>, List<Frame>> shared = new HashMap<>();
    shared.put(frames, frames);
    assertThat(shared.get(read)).isSameAs(frames);
    assertThat(frames).isNotEqualTo(List.of(RUN, TOP));
  }

  @Test
  void oneOrTwoFramesAreTheSameClassAsMore_andNoneIsTheSharedEmptyList() {
    assertThat(FrameList.copyOf(List.of(TOP)).getClass())
        .isSameAs(FrameList.copyOf(List.of(TOP, RUN, TOP)).getClass());
    assertThat(FrameList.copyOf(List.of())).isSameAs(FrameList.EMPTY).isEmpty();
    assertThat(FrameList.EMPTY).isEqualTo(List.of());
  }

  @Test
  void isACopy_andCannotBeChanged() {
    List<Frame> read = new ArrayList<>(List.of(TOP));
    List<Frame> frames = FrameList.copyOf(read);
    read.add(RUN);

    assertThat(frames).containsExactly(TOP);
    assertThatThrownBy(() -> frames.add(RUN)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frames.clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
