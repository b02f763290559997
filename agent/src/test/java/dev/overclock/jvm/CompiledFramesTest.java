package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CompiledFramesTest {

  @Test
  void countsAreTakenPerWindow_andOnlyForTheWatchedMethods() {
    CompiledFrames frames = new CompiledFrames();
    frames.watch(Set.of("a.B::c()V"));
    frames.add("a.B::c()V", 8, 2);

    CompiledFrames.Kinds kinds = frames.take().get("a.B::c()V");
    assertThat(kinds.samples()).isEqualTo(10);
    assertThat(kinds.interpretedShare()).isEqualTo(0.8);
    assertThat(frames.take()).as("a new window").isEmpty();

    frames.add("a.B::c()V", 1, 0);
    frames.watch(Set.of());
    assertThat(frames.take()).as("no longer watched").isEmpty();
    assertThat(new CompiledFrames.Kinds(0, 0).interpretedShare()).isZero();
  }
}
