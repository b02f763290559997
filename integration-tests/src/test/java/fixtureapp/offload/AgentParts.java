package fixtureapp.offload;

import dev.overclock.bootstrap.OffloadRejectedException;
import dev.overclock.bootstrap.OffloadTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The parts of {@link OffloadApp} that need the agent: timeouts, limits and rejections. A class
 * of its own, loaded only with the agent: it catches the agent's exception types, which only the
 * agent defines.
 */
final class AgentParts {

  private AgentParts() {}

  static void run() throws Exception {
    Blocking blocking = new Blocking();
    CountDownLatch interrupted = new CountDownLatch(1);
    try {
      blocking.hang(interrupted);
      OffloadApp.offload("timeout-caught", false);
    } catch (OffloadTimeoutException e) {
      OffloadApp.offload("timeout-caught", true);
      OffloadApp.offload("timeout-message", e.getMessage());
    }
    OffloadApp.offload("timeout-interrupted", interrupted.await(30, TimeUnit.SECONDS));

    CountDownLatch futureInterrupted = new CountDownLatch(1);
    try {
      blocking.hangFuture(futureInterrupted).join();
      OffloadApp.offload("future-timeout", false);
    } catch (CompletionException e) {
      OffloadApp.offload("future-timeout", e.getCause() instanceof OffloadTimeoutException);
    }
    OffloadApp.offload("future-timeout-interrupted", futureInterrupted.await(30, TimeUnit.SECONDS));

    // maxConcurrency=3: ten calls, the bodies hold their slots until all three are running
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch gate = new CountDownLatch(1);
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(blocking.limited(i, started, gate));
    }
    OffloadApp.offload("limited-three-started", started.await(30, TimeUnit.SECONDS));
    gate.countDown();
    int total = 0;
    for (CompletableFuture<Integer> future : futures) {
      total += future.get(30, TimeUnit.SECONDS);
    }
    OffloadApp.offload("limited-total", total);
    OffloadApp.offload("limited-max-running", Blocking.maxRunning.get());

    // maxConcurrency=1, queueTimeout=0: a second caller is rejected at once
    CountDownLatch singleStarted = new CountDownLatch(1);
    CountDownLatch singleGate = new CountDownLatch(1);
    Thread first = new Thread(() -> {
      try {
        blocking.single(singleStarted, singleGate);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    first.start();
    singleStarted.await(30, TimeUnit.SECONDS);
    try {
      blocking.single(new CountDownLatch(1), new CountDownLatch(0));
      OffloadApp.offload("rejected", false);
    } catch (OffloadRejectedException e) {
      OffloadApp.offload("rejected", true);
      OffloadApp.offload("rejected-message", e.getMessage());
    }
    singleGate.countDown();
    first.join();
  }

}
