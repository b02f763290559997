package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.OverclockThreadPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolSubstitutionTest {

  @Test
  void poolsThatRunOneTaskAtATime_areLeftAlone_andSaySo() {
    // as on JDK 21+ (where pools may move), whatever JDK runs the test
    PoolSubstitution pools = new PoolSubstitution(0, false, true);
    List<PoolSubstitution.Switch> switches = new ArrayList<>();
    pools.listener(switches::add);
    ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    ThreadPoolExecutor coreZero = new ThreadPoolExecutor(0, 4, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>()); // an unbounded queue: it never grows past one thread

    assertThat(pools.adopt(one, "a::single (Executors.newFixedThreadPool)")).isNull();
    assertThat(pools.adopt(coreZero, "a::zero (new ThreadPoolExecutor)")).isNull();

    assertThat(pools.describe())
        .isEqualTo("2 pools: 0 moved to virtual threads, 0 CPU-bound, 2 one task at a time");
    assertThat(switches).extracting(PoolSubstitution.Switch::to).containsOnly("platform");
    assertThat(pools.summaryLines()).hasSize(2)
        .allMatch(line -> line.endsWith("runs one task at a time: its order may be relied on"));
    one.shutdown();
    coreZero.shutdown();
  }

  @Test
  void afterClose_newPoolsStayAsWritten() {
    PoolSubstitution pools = new PoolSubstitution(0, false);
    pools.close();
    ThreadPoolExecutor eight = new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    assertThat(pools.adopt(eight, "a::eight")).isNull();
    eight.shutdown();
  }

  @Test
  void withoutASink_theBridgePoolIsAPlainThreadPoolExecutor() throws Exception {
    OverclockThreadPoolExecutor pool = (OverclockThreadPoolExecutor)
        OverclockThreadPoolExecutor.newFixedThreadPool(2, "a::plain");
    assertThat(pool.submit(() -> 6 * 7).get()).isEqualTo(42);
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
  }
}
