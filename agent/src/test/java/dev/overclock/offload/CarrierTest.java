package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CarrierTest {

  @Test
  void detect_choosesVirtualThreadsExactlyWhereTheJdkHasThem() {
    Carrier carrier = Carrier.detect(4);

    if (Runtime.version().feature() >= 21) {
      assertThat(carrier.kind()).isEqualTo("virtual");
      assertThat(carrier.describe()).isEqualTo("virtual threads");
    } else {
      assertThat(carrier.kind()).isEqualTo("platform");
      assertThat(carrier.describe()).isEqualTo("a pool of 4 platform threads (JDK "
          + Runtime.version().feature() + " has no virtual threads)");
    }
  }

  @Test
  void platformPool_runsTasksOnNamedDaemonThreads() throws InterruptedException {
    Thread ran = threadThatRanATask(new Carrier.Platform(2));

    assertThat(ran.getName()).startsWith("overclock-offload-");
    assertThat(ran.isDaemon()).isTrue();
  }

  /** Starts a task on {@code carrier} and returns the thread it ran on. */
  private static Thread threadThatRanATask(Carrier carrier) throws InterruptedException {
    AtomicReference<Thread> ran = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    carrier.start(() -> {
      ran.set(Thread.currentThread());
      done.countDown();
    });
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    return ran.get();
  }

  @Test
  void virtualCarrier_runsOnVirtualThreads_orRefusesEveryCallAfterOneFailedLookUp()
      throws InterruptedException {
    Carrier carrier = new Carrier.Virtual();
    if (Runtime.version().feature() >= 21) {
      assertThat(threadThatRanATask(carrier).getName()).isEqualTo("overclock-offload");
      return;
    }
    // No virtual threads: the call is refused (its body then runs on the caller), and the
    // refusal is the first one's, kept, not a new look-up per call.
    Throwable first = org.assertj.core.api.Assertions.catchThrowable(() -> carrier.start(() -> {}));
    Throwable second = org.assertj.core.api.Assertions.catchThrowable(() -> carrier.start(() -> {}));
    assertThat(first).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no virtual threads in JDK");
    assertThat(second).isSameAs(first);
  }
}
