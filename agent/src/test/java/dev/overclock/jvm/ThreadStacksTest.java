package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Driver frames and blocked pools, from the stacks of a recording's events. */
class ThreadStacksTest {

  private static final long T0 = 1_000_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final Frame RUN = new Frame("java.lang.Thread", "run", "()V", 833);
  private static final Frame SLEEP = new Frame("java.lang.Thread", "sleep", "(J)V", 0);
  private static final Frame SUBMIT = new Frame("java.util.concurrent.AbstractExecutorService",
      "submit", "(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Future;", 145);
  private static final Frame MAIN = new Frame("org.example.App", "main",
      "([Ljava/lang/String;)V", 10);
  private static final Frame FAN_OUT = new Frame("org.example.App", "fanOut", "()J", 30);
  private static final Frame QUOTE = new Frame("org.example.App", "quote", "(II)J", 50);
  private static final Frame LAMBDA = new Frame("org.example.App", "lambda$main$0", "()V", 14);
  private static final Frame RECORD = new Frame("org.example.App", "record", "(I)V", 40);
  private static final Frame WORKER = new Frame("java.util.concurrent.ThreadPoolExecutor$Worker",
      "run", "()V", 635);
  private static final Frame TASK = new Frame("org.example.App", "lambda$fanOut$1", "()I", 33);
  private static final Frame FETCH = new Frame("org.example.App", "fetch", "(I)I", 60);
  private static final Frame TAKE = new Frame("java.util.concurrent.LinkedBlockingQueue", "take",
      "()Ljava/lang/Object;", 435);

  private static ThreadStacks stacks() {
    return new ThreadStacks(name -> name.startsWith("org.example."));
  }

  @Test
  void mainsWaitingBody_andThreadEntries_driveTheirThreads_butAMethodALoopCallsDoesNot() {
    ThreadStacks stacks = stacks();
    for (int i = 0; i < 100; i++) {
      long at = T0 + 25 * MS * i;
      // main -> fanOut, which submits and sleeps: waiting nearly all the time
      stacks.stack(1, "main", at, i % 5 == 0 ? 0 : 20 * MS,
          List.of(i % 5 == 0 ? SUBMIT : SLEEP, FAN_OUT, MAIN), false);
      // a writer thread's Runnable calling record over and over, waiting in it
      stacks.stack(2, "writer-0", at, 20 * MS, List.of(RECORD, LAMBDA, RUN), false);
      // main of another program computing in quote, again and again
      stacks.stack(3, "main", at, 0, List.of(QUOTE, MAIN), false);
    }

    assertThat(stacks.drivers()).containsKeys(FAN_OUT.key(), MAIN.key(), LAMBDA.key())
        .doesNotContainKeys(RECORD.key(), QUOTE.key());
    assertThat(stacks.drivers().get(FAN_OUT.key())).startsWith("main's body");
  }

  @Test
  void mainsWaitingBody_stillDrives_afterItReturned_andMainWentOnToPrint() {
    ThreadStacks stacks = stacks();
    long at = T0;
    for (int i = 0; i < 100; i++) {
      at = T0 + 25 * MS * i;
      stacks.stack(1, "main", at, 20 * MS, List.of(SLEEP, FAN_OUT, MAIN), false);
    }
    // fanOut returned; main prints its result (in the recording's last stacks)
    Frame print = new Frame("java.io.PrintStream", "println", "(Ljava/lang/String;)V", 1);
    for (int i = 1; i <= 3; i++) {
      stacks.stack(1, "main", at + i * MS, 0, List.of(print, MAIN), false);
    }

    assertThat(stacks.drivers().get(FAN_OUT.key())).startsWith("main's body");
  }

  @Test
  void aPoolWhoseThreadsAllWaitInsideTasks_isBlocked_namedByItsThreadsAndStarter() {
    ThreadStacks stacks = stacks();
    stacks.started(21, List.of(SUBMIT, FAN_OUT, MAIN));
    for (int i = 0; i < 100; i++) {
      long at = T0 + 25 * MS * i;
      for (long thread = 21; thread <= 22; thread++) {
        stacks.stack(thread, "pool-1-thread-" + (thread - 20), at, 25 * MS,
            List.of(SLEEP, FETCH, TASK, WORKER, RUN), false);
      }
      // a second pool mostly idle: parked for a task in the JDK
      stacks.stack(31, "pool-2-thread-1", at, 25 * MS, List.of(TAKE, WORKER, RUN), false);
      if (i % 10 == 0) {
        stacks.stack(31, "pool-2-thread-1", at, 20 * MS,
            List.of(SLEEP, FETCH, TASK, WORKER, RUN), false);
      }
    }

    assertThat(stacks.blockedPools()).singleElement().satisfies(pool -> {
      assertThat(pool.threads()).isEqualTo("pool-1-thread-*");
      assertThat(pool.threadCount()).isEqualTo(2);
      assertThat(pool.startedAt()).isEqualTo("org.example.App::fanOut:30");
      assertThat(pool.method().key()).isEqualTo(FETCH.key());
      assertThat(pool.blockedShare()).isGreaterThan(0.9);
    });
    // the tasks' lambda is not the pool's method; fetch is no driver of the pool's threads
    assertThat(stacks.drivers()).doesNotContainKey(FETCH.key());
  }

  /**
   * A thread's stack given again as the same list (the offline reader shares one list per stack)
   * counts as a new stack exactly as an equal copy does: streak lengths and waits are derived
   * from the thread's totals, not counted per frame.
   */
  @Test
  void theSameStackList_givesTheFiguresOfEqualCopies() {
    ThreadStacks shared = stacks();
    ThreadStacks copied = stacks();
    List<Frame> sleeping = List.of(SLEEP, FAN_OUT, MAIN);
    List<Frame> submitting = List.of(SUBMIT, FAN_OUT, MAIN);
    List<Frame> task = List.of(SLEEP, FETCH, TASK, WORKER, RUN);
    long at = T0;
    for (int i = 0; i < 120; i++) {
      at = T0 + 25 * MS * i;
      List<Frame> main = i % 7 == 0 ? submitting : sleeping;
      long waited = i % 7 == 0 ? 0 : 20 * MS + i;
      shared.stack(1, "main", at, waited, main, false);
      copied.stack(1, "main", at, waited, List.copyOf(new java.util.ArrayList<>(main)), false);
      shared.stack(21, "pool-1-thread-1", at, 25 * MS, task, false);
      copied.stack(21, "pool-1-thread-1", at, 25 * MS,
          List.copyOf(new java.util.ArrayList<>(task)), false);
    }
    // fanOut returns; main prints: the streaks it leaves are kept as they ended
    Frame print = new Frame("java.io.PrintStream", "println", "(Ljava/lang/String;)V", 1);
    List<Frame> printing = List.of(print, MAIN);
    for (int i = 1; i <= 3; i++) {
      shared.stack(1, "main", at + i * MS, 0, printing, false);
      copied.stack(1, "main", at + i * MS, 0, List.of(print, MAIN), false);
    }

    assertThat(shared.drivers()).isNotEmpty().isEqualTo(copied.drivers());
    assertThat(shared.drivers().get(FAN_OUT.key())).startsWith("main's body");
    assertThat(shared.blockedPools()).isNotEmpty().isEqualTo(copied.blockedPools());
  }
}
