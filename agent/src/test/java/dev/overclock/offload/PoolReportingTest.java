package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.bootstrap.OverclockThreadPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the report learns about a pool: its site, size, mode and reason, and what its tasks did.
 * Runs on any JDK with the report-only substitution (the one a JDK without virtual threads gets):
 * the pool runs as written and its tasks are counted.
 */
class PoolReportingTest {

  private static final String SITE = "com.acme.Shop::start line 42 (Executors.newFixedThreadPool)";

  @Test
  void reportOnly_leavesThePoolAlone_andCountsItsTasks() throws Exception {
    PoolSubstitution pools = PoolSubstitution.reportOnly();
    pools.install();
    try {
      ExecutorService pool = OverclockThreadPoolExecutor.newFixedThreadPool(4, SITE);
      List<Future<String>> names = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        names.add(pool.submit(() -> {
          Thread.sleep(2);
          return Thread.currentThread().getName();
        }));
      }
      for (Future<String> name : names) {
        assertThat(name.get()).startsWith("pool-"); // the pool's own threads, as written
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      assertThat(pools.movesPools()).isFalse();
      assertThat(pools.snapshot()).hasSize(1);
      PoolSnapshot figures = pools.snapshot().get(0);
      assertThat(figures.site()).isEqualTo(SITE);
      assertThat(figures.state()).isEqualTo("platform");
      assertThat(figures.reason()).endsWith("has no virtual threads (21+): nothing changed");
      assertThat(figures.coreSize()).isEqualTo(4);
      assertThat(figures.maxSize()).isEqualTo(4);
      assertThat(figures.queueCapacity()).isEqualTo(-1);
      assertThat(figures.platformTasks()).isEqualTo(20);
      assertThat(figures.virtualTasks()).isZero();
      assertThat(figures.running()).isZero();
      assertThat(figures.maxRunning()).isBetween(1, 4);
      assertThat(figures.taskTime().count()).isEqualTo(20);
      // each task slept 2 ms: a lower bound, whatever the machine's load
      assertThat(figures.taskTime().p50()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
      assertThat(figures.taskTime().max()).isGreaterThanOrEqualTo(figures.taskTime().p99());
      assertThat(figures.queueWait().count()).isZero(); // only tasks on virtual threads wait in the lane
      // the first task and one in 16 after it are sampled: sleeping tasks wait
      assertThat(figures.evidence().sampled()).isEqualTo(2);
      assertThat(figures.evidence().waited()).isEqualTo(2);
      assertThat(figures.evidence().blockedShare()).isGreaterThan(0.5);
      assertThat(figures.limit()).isEqualTo(4);
      assertThat(figures.limitChanges()).isZero();
    } finally {
      pools.close();
    }
    assertThat(Dispatcher.adoptPool(null, "after close")).isNull();
  }

  @Test
  void poolsLeftAloneAtCreation_areReportedWithTheirSizeAndReason() {
    PoolSubstitution pools = new PoolSubstitution(0, false, true);
    java.util.concurrent.ThreadPoolExecutor one = new java.util.concurrent.ThreadPoolExecutor(1, 1,
        0, TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10));
    assertThat(pools.adopt(one, "a.B::c line 7 (new ThreadPoolExecutor)")).isNull();

    PoolSnapshot figures = pools.snapshot().get(0);
    assertThat(figures.state()).isEqualTo("platform");
    assertThat(figures.reason()).isEqualTo("runs one task at a time: its order may be relied on");
    assertThat(figures.queueCapacity()).isEqualTo(10);
    assertThat(figures.evidence()).isEqualTo(PoolSnapshot.Evidence.NONE);
    one.shutdown();
  }

  /**
   * {@code auto=optimize}: tasks that wait, on a pool whose threads suffice (no task ever waited
   * in its queue), are no evidence of a gain: the pool stays on its threads, measured again.
   */
  @Test
  void onEvidence_aWaitingPoolThatNeverQueues_staysOnItsThreads() throws Exception {
    PoolSubstitution pools = new PoolSubstitution(0, false, true, true);
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
        4, 4, 0, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>()) {
      private final dev.overclock.bootstrap.PoolLane lane = pools.adopt(this, "a.B::c line 3");

      @Override
      protected void beforeExecute(Thread thread, Runnable task) {
        lane.beforePlatform(thread, task);
      }

      @Override
      protected void afterExecute(Runnable task, Throwable thrown) {
        lane.afterPlatform(task, thrown);
      }
    };
    for (int i = 0; i < 8; i++) { // one at a time: the queue stays empty
      pool.submit(() -> {
        Thread.sleep(2);
        return null;
      }).get();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    PoolSnapshot figures = pools.snapshot().get(0);
    assertThat(figures.state()).isEqualTo("measuring");
    assertThat(figures.reason()).startsWith("waiting (the first 4 tasks spent")
        .endsWith("but no task waited in its queue: its own threads suffice; measuring again");
    assertThat(figures.virtualTasks()).isZero();
    assertThat(figures.platformTasks()).isEqualTo(8);
    assertThat(pools.onEvidence()).isTrue();
  }
}
