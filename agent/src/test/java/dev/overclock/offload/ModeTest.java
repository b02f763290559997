package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModeTest {

  @Test
  void futureTypes_areFutureMode() {
    assertThat(Mode.of("()Ljava/util/concurrent/CompletableFuture;")).isEqualTo(Mode.FUTURE);
    assertThat(Mode.of("(I)Ljava/util/concurrent/CompletionStage;")).isEqualTo(Mode.FUTURE);
    assertThat(Mode.of("(Ljava/lang/String;)Ljava/util/concurrent/Future;"))
        .isEqualTo(Mode.FUTURE);
  }

  @Test
  void void_isFireAndForget_andEverythingElseWaits() {
    assertThat(Mode.of("(Ljava/lang/String;)V")).isEqualTo(Mode.VOID);
    assertThat(Mode.of("()I")).isEqualTo(Mode.WAIT);
    assertThat(Mode.of("()Ljava/lang/String;")).isEqualTo(Mode.WAIT);
    // a subtype of Future is not handed back as a CompletableFuture: the caller waits for it
    assertThat(Mode.of("()Ljava/util/concurrent/FutureTask;")).isEqualTo(Mode.WAIT);
  }

  @Test
  void defaultValue_isABoxedZeroForPrimitives_andNullForReferences() {
    assertThat(Mode.defaultValue("()I")).isEqualTo(0);
    assertThat(Mode.defaultValue("()J")).isEqualTo(0L);
    assertThat(Mode.defaultValue("()Z")).isEqualTo(false);
    assertThat(Mode.defaultValue("()D")).isEqualTo(0d);
    assertThat(Mode.defaultValue("()Ljava/lang/String;")).isNull();
    assertThat(Mode.defaultValue("()V")).isNull();
  }
}
