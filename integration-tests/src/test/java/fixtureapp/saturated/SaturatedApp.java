package fixtureapp.saturated;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A machine saturated by one hot method: twice as many busy threads as cores, each calling
 * {@link #mix} (a loop of a few microseconds once compiled, nothing annotated) round after round,
 * until the file named by the first argument exists (or two minutes passed). Every call checks its
 * result against the known answer, so a changed result shows in the last lines:
 *
 * <pre>
 * calls 1234567
 * mismatches 0
 * </pre>
 */
public final class SaturatedApp {

  private static final int ROUNDS = 20_000;

  private SaturatedApp() {}

  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[0]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    long expected = mix(ROUNDS);
    AtomicLong calls = new AtomicLong();
    AtomicLong mismatches = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread busy = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          if (mix(ROUNDS) != expected) {
            mismatches.incrementAndGet();
          }
          calls.incrementAndGet();
        }
      }, "busy-" + i);
      busy.setDaemon(true);
      busy.start();
      threads.add(busy);
    }
    // The JVM's start to the millisecond (report.json has it to the second), the time base of
    // -XX:+PrintCompilation's stamps.
    System.out.println("saturated app running on " + threads.size() + " threads; jvm started at "
        + ManagementFactory.getRuntimeMXBean().getStartTime());
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    threads.forEach(Thread::interrupt);
    for (Thread busy : threads) {
      busy.join(5_000);
    }
    System.out.println("calls " + calls.get());
    System.out.println("mismatches " + mismatches.get());
  }

  /** A hash of the first {@code rounds} integers: pure arithmetic in a loop, hot and compiled. */
  static long mix(int rounds) {
    long hash = 17;
    for (int i = 0; i < rounds; i++) {
      hash = hash * 31 + (i ^ (hash >>> 7));
    }
    return hash;
  }
}
