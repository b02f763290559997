package fixtureapp.recompile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.FlightRecorder;

/**
 * A hot compiled method whose compiled code, once the agent changes it, is not made again, on a
 * saturated machine. {@link #price} is 7,987 bytes of bytecode, just under the JIT's limit for a
 * method it compiles at all ({@code -XX:HugeMethodLimit}, 8,000 bytes): any advice woven in makes
 * it larger, and the changed method then runs interpreted for as long as the change stays, as a
 * method whose recompilation never comes off a saturated JIT queue would. Nothing is annotated.
 *
 * <p>One thread calls {@code price} round after round from the start; once a flight recording
 * runs (the agent's stream has started: on a machine saturated from the first second it takes
 * many seconds to start) twice as many busy threads as cores do the same, and the line {@code
 * saturating: 8 busy threads} says so. Every half second it prints the JVM's uptime and the mean
 * CPU time of the calls made since (measured here, not by the agent, and on the CPU: waiting for
 * a core does not count), and at the end the calls and how many gave another result than the
 * first call:
 *
 * <pre>
 * interval 5012 ms: 812 calls, mean 61234 ns of CPU
 * calls 1234567
 * mismatches 0
 * </pre>
 *
 * Runs until the file named by the first argument exists, or two minutes passed.
 */
public final class HugeMethodApp {

  private static final int ROUNDS = 20;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HugeMethodApp() {}

  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[0]);
    long deadline = System.nanoTime() + 120_000_000_000L;
    long expected = price(ROUNDS);
    AtomicLong calls = new AtomicLong();
    AtomicLong mismatches = new AtomicLong();
    LongAdder intervalCalls = new LongAdder();
    LongAdder intervalNanos = new LongAdder();
    Runnable busy = () -> {
      while (!Thread.currentThread().isInterrupted()) {
        long start = THREADS.getCurrentThreadCpuTime();
        long result = price(ROUNDS);
        intervalNanos.add(THREADS.getCurrentThreadCpuTime() - start);
        intervalCalls.increment();
        if (result != expected) {
          mismatches.incrementAndGet();
        }
        calls.incrementAndGet();
      }
    };
    List<Thread> threads = new ArrayList<>();
    threads.add(start(busy, 0));
    int saturating = 2 * Runtime.getRuntime().availableProcessors();
    long saturateBy = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      if (threads.size() < saturating && (System.nanoTime() > saturateBy
          || !FlightRecorder.getFlightRecorder().getRecordings().isEmpty())) {
        while (threads.size() < saturating) {
          threads.add(start(busy, threads.size()));
        }
        System.out.println("saturating: " + saturating + " busy threads");
      }
      long count = intervalCalls.sumThenReset();
      long nanos = intervalNanos.sumThenReset();
      System.out.println("interval " + ManagementFactory.getRuntimeMXBean().getUptime()
          + " ms: " + count + " calls, mean " + (count == 0 ? 0 : nanos / count) + " ns of CPU");
    }
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      thread.join(5_000);
    }
    System.out.println("calls " + calls.get());
    System.out.println("mismatches " + mismatches.get());
  }

  private static Thread start(Runnable busy, int number) {
    Thread thread = new Thread(busy, "busy-" + number);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** A hash of the first {@code rounds} integers, unrolled to just under 8,000 bytes. */
  static long price(int rounds) {
    long h = 17;
    for (int i = 0; i < rounds; i++) {
      h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11); h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13);
      h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15); h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17);
      h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19); h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21);
      h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23); h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25);
      h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27); h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29);
      h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31); h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33);
      h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35); h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37);
      h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39); h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41);
      h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43); h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45);
      h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47); h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49);
      h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51); h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53);
      h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55); h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57);
      h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59); h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61);
      h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63); h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65);
      h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67); h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69);
      h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71); h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73);
      h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75); h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77);
      h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79); h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81);
      h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83); h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85);
      h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87); h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89);
      h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91); h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93);
      h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95); h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97);
      h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99); h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11);
      h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13); h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15);
      h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17); h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19);
      h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21); h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23);
      h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25); h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27);
      h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29); h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31);
      h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33); h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35);
      h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37); h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39);
      h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41); h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43);
      h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45); h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47);
      h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49); h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51);
      h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53); h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55);
      h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57); h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59);
      h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61); h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63);
      h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65); h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67);
      h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69); h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71);
      h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73); h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75);
      h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77); h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79);
      h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81); h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83);
      h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85); h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87);
      h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89); h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91);
      h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93); h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95);
      h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97); h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99);
      h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11); h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13);
      h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15); h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17);
      h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19); h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21);
      h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23); h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25);
      h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27); h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29);
      h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31); h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33);
      h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35); h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37);
      h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39); h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41);
      h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43); h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45);
      h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47); h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49);
      h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51); h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53);
      h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55); h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57);
      h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59); h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61);
      h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63); h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65);
      h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67); h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69);
      h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71); h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73);
      h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75); h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77);
      h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79); h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81);
      h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83); h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85);
      h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87); h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89);
      h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91); h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93);
      h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95); h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97);
      h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99); h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11);
      h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13); h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15);
      h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17); h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19);
      h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21); h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23);
      h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25); h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27);
      h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29); h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31);
      h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33); h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35);
      h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37); h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39);
      h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41); h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43);
      h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45); h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47);
      h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49); h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51);
      h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53); h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55);
      h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57); h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59);
      h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61); h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63);
      h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65); h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67);
      h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69); h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71);
      h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73); h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75);
      h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77); h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79);
      h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81); h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83);
      h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85); h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87);
      h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89); h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91);
      h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93); h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95);
      h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97); h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99);
      h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11); h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13);
      h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15); h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17);
      h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19); h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21);
      h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23); h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25);
      h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27); h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29);
      h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31); h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33);
      h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35); h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37);
      h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39); h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41);
      h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43); h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45);
      h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47); h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49);
      h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51); h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53);
      h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55); h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57);
      h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59); h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61);
      h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63); h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65);
      h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67); h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69);
      h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71); h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73);
      h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75); h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77);
      h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79); h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81);
      h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83); h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85);
      h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87); h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89);
      h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91); h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93);
      h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95); h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97);
      h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99); h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11);
      h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13); h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15);
      h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17); h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19);
      h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21); h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23);
      h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25); h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27);
      h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29); h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31);
      h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33); h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35);
      h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37); h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39);
      h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41); h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43);
      h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45); h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47);
      h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49); h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51);
      h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53); h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55);
      h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57); h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59);
      h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61); h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63);
      h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65); h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67);
      h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69); h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71);
      h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73); h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75);
      h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77); h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79);
      h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81); h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83);
      h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85); h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87);
      h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89); h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91);
      h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93); h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95);
      h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97); h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99);
      h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11); h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13);
      h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15); h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17);
      h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19); h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21);
      h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23); h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25);
      h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27); h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29);
      h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31); h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33);
      h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35); h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37);
      h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39); h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41);
      h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43); h = h * 31 + (i ^ 44); h = h * 31 + (i ^ 45);
      h = h * 31 + (i ^ 46); h = h * 31 + (i ^ 47); h = h * 31 + (i ^ 48); h = h * 31 + (i ^ 49);
      h = h * 31 + (i ^ 50); h = h * 31 + (i ^ 51); h = h * 31 + (i ^ 52); h = h * 31 + (i ^ 53);
      h = h * 31 + (i ^ 54); h = h * 31 + (i ^ 55); h = h * 31 + (i ^ 56); h = h * 31 + (i ^ 57);
      h = h * 31 + (i ^ 58); h = h * 31 + (i ^ 59); h = h * 31 + (i ^ 60); h = h * 31 + (i ^ 61);
      h = h * 31 + (i ^ 62); h = h * 31 + (i ^ 63); h = h * 31 + (i ^ 64); h = h * 31 + (i ^ 65);
      h = h * 31 + (i ^ 66); h = h * 31 + (i ^ 67); h = h * 31 + (i ^ 68); h = h * 31 + (i ^ 69);
      h = h * 31 + (i ^ 70); h = h * 31 + (i ^ 71); h = h * 31 + (i ^ 72); h = h * 31 + (i ^ 73);
      h = h * 31 + (i ^ 74); h = h * 31 + (i ^ 75); h = h * 31 + (i ^ 76); h = h * 31 + (i ^ 77);
      h = h * 31 + (i ^ 78); h = h * 31 + (i ^ 79); h = h * 31 + (i ^ 80); h = h * 31 + (i ^ 81);
      h = h * 31 + (i ^ 82); h = h * 31 + (i ^ 83); h = h * 31 + (i ^ 84); h = h * 31 + (i ^ 85);
      h = h * 31 + (i ^ 86); h = h * 31 + (i ^ 87); h = h * 31 + (i ^ 88); h = h * 31 + (i ^ 89);
      h = h * 31 + (i ^ 90); h = h * 31 + (i ^ 91); h = h * 31 + (i ^ 92); h = h * 31 + (i ^ 93);
      h = h * 31 + (i ^ 94); h = h * 31 + (i ^ 95); h = h * 31 + (i ^ 96); h = h * 31 + (i ^ 97);
      h = h * 31 + (i ^ 98); h = h * 31 + (i ^ 99); h = h * 31 + (i ^ 10); h = h * 31 + (i ^ 11);
      h = h * 31 + (i ^ 12); h = h * 31 + (i ^ 13); h = h * 31 + (i ^ 14); h = h * 31 + (i ^ 15);
      h = h * 31 + (i ^ 16); h = h * 31 + (i ^ 17); h = h * 31 + (i ^ 18); h = h * 31 + (i ^ 19);
      h = h * 31 + (i ^ 20); h = h * 31 + (i ^ 21); h = h * 31 + (i ^ 22); h = h * 31 + (i ^ 23);
      h = h * 31 + (i ^ 24); h = h * 31 + (i ^ 25); h = h * 31 + (i ^ 26); h = h * 31 + (i ^ 27);
      h = h * 31 + (i ^ 28); h = h * 31 + (i ^ 29); h = h * 31 + (i ^ 30); h = h * 31 + (i ^ 31);
      h = h * 31 + (i ^ 32); h = h * 31 + (i ^ 33); h = h * 31 + (i ^ 34); h = h * 31 + (i ^ 35);
      h = h * 31 + (i ^ 36); h = h * 31 + (i ^ 37); h = h * 31 + (i ^ 38); h = h * 31 + (i ^ 39);
      h = h * 31 + (i ^ 40); h = h * 31 + (i ^ 41); h = h * 31 + (i ^ 42); h = h * 31 + (i ^ 43);
    }
    return h;
  }
}
