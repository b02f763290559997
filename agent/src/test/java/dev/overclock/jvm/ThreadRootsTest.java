package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frames that never return: found from each thread's stacks, and what detection does then. */
class ThreadRootsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Frame RUN = new Frame("java.lang.Thread", "run", "()V", 833);
  private static final Frame MAIN = new Frame("org.example.App", "main",
      "([Ljava/lang/String;)V", 10);
  private static final Frame LOOP = new Frame("org.example.Client", "loop", "()V", 40);
  private static final Frame QUERY = new Frame("org.hsqldb.jdbc.JDBCStatement", "executeQuery",
      "(Ljava/lang/String;)Ljava/sql/ResultSet;", 90);
  private static final Frame INDEX = new Frame("org.hsqldb.index.IndexAVL", "compare", "()I", 7);
  private static final Frame SLEEP = new Frame("java.lang.Thread", "sleep", "(J)V", 1);
  private static final Frame WORKER = new Frame("org.example.Worker", "loop", "()V", 22);
  private static final Frame PRICE = new Frame("org.example.Pricing", "quote", "(I)J", 12);

  private static JvmProfile profile() {
    return new JvmProfile(name -> !name.startsWith("org.hsqldb."));
  }

  @Test
  void clientLoop_thatNeverLeavesItsThread_isNeverReturning_andItsSamplesGoToTheLibraryCall() {
    JvmProfile profile = profile();
    for (int i = 0; i < 40; i++) {
      // thread 7: the client loop, always in a query; thread 1: main, asleep; thread 9: a worker
      // whose quote returns (some of its stacks are elsewhere)
      profile.executionSample(T0.plusMillis(100L * i), 7, List.of(INDEX, QUERY, LOOP, RUN), false);
      profile.threadStack(T0.plusMillis(100L * i), 1, List.of(SLEEP, MAIN), false);
      profile.executionSample(T0.plusMillis(100L * i), 9,
          i % 2 == 0 ? List.of(PRICE, WORKER, RUN)
              : List.of(WORKER, RUN), false);
    }

    Map<String, String> never = profile.neverReturning();
    assertThat(never).containsKeys(LOOP.key(), MAIN.key(),
        "org.example.Worker::loop()V");
    assertThat(never).doesNotContainKey(PRICE.key());
    assertThat(never.get(LOOP.key())).startsWith("never returned: on its thread's stack in all 40");

    SampleWindow window = profile.takeWindow();
    SampleWindow.Counted loop = window.methods().stream()
        .filter(counted -> counted.method().key().equals(LOOP.key())).findFirst().orElseThrow();
    assertThat(loop.self()).isZero();
    assertThat(loop.total()).isEqualTo(40);
    assertThat(window.boundaries()).singleElement().satisfies(call -> {
      assertThat(call.method().name()).isEqualTo("org.hsqldb.jdbc.JDBCStatement::executeQuery");
      assertThat(call.self()).isEqualTo(40);
    });
  }

  @Test
  void aThreadThatMovesFromSetUpToItsLoop_keepsMain_andTheSetUpMethodIsNotFound() {
    JvmProfile profile = profile();
    Frame setUp = new Frame("org.example.App", "load", "()V", 30);
    for (int i = 0; i < 10; i++) { // 1 s of set-up under main
      profile.executionSample(T0.plusMillis(100L * i), 1, List.of(INDEX, setUp, MAIN), false);
    }
    for (int i = 10; i < 50; i++) { // then 4 s in the loop, main below it
      profile.executionSample(T0.plusMillis(100L * i), 1, List.of(QUERY, LOOP, MAIN), false);
    }

    // main is found; the loop under it could as well be a method main calls again and again, so
    // samples alone do not rule it out: timing it tells (the detector's rule)
    assertThat(profile.neverReturning()).containsKey(MAIN.key())
        .doesNotContainKeys(setUp.key(), LOOP.key());
    assertThat(profile.neverReturning().get(MAIN.key())).contains("all 50 stacks");
  }

  @Test
  void truncatedStacks_unknownThreads_andShortWatches_proveNothing() {
    JvmProfile profile = profile();
    for (int i = 0; i < 40; i++) {
      profile.executionSample(T0.plusMillis(100L * i), 7, List.of(QUERY, LOOP, RUN), true);
      profile.executionSample(T0.plusMillis(100L * i), List.of(QUERY, LOOP, RUN));
      profile.executionSample(T0.plusMillis(10L * i), 8, List.of(PRICE, RUN), false); // 0.4 s
    }

    assertThat(profile.neverReturning()).isEmpty();
    assertThat(profile.takeWindow().boundaries()).isEmpty();
  }

  @Test
  void aMethodDeclaredNeverReturning_losesItsSelfSamplesToItsCalls() {
    JvmProfile profile = profile();
    profile.neverReturns(LOOP.key(), "never returned: timed, it completed no call");
    profile.executionSample(T0, List.of(QUERY, LOOP, RUN));

    SampleWindow window = profile.takeWindow();
    assertThat(window.residents()).containsKey(LOOP.key());
    assertThat(window.boundaries()).extracting(call -> call.method().key())
        .containsExactly(QUERY.key());
  }

  @Test
  void aMethodThatARunnableLambdaCallsInALoop_isNotTakenForNeverReturning() {
    // new Thread(() -> { while (running) crunch(); }): every stack is inside crunch, under the
    // lambda; crunch returns after each call, so it is to be timed, not skipped.
    Frame lambda = new Frame("org.example.App", "lambda$main$0", "()V", 15);
    Frame crunch = new Frame("org.example.App", "crunch", "(J)D", 30);
    JvmProfile profile = profile();
    for (int i = 0; i < 40; i++) {
      profile.executionSample(T0.plusMillis(100L * i), 11, List.of(crunch, lambda, RUN), false);
    }

    assertThat(profile.neverReturning()).doesNotContainKey(crunch.key())
        .doesNotContainKey(lambda.key());
  }
}
