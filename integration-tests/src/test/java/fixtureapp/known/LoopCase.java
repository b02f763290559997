package fixtureapp.known;

/**
 * A long-running loop calling a hot method: {@link #pump} never returns while the program runs,
 * and spends its time in {@link #digest}, which returns after about a millisecond. The answer:
 * {@code digest} is timed and gets the recommendation; {@code pump} gets neither.
 */
public final class LoopCase {

  private static volatile long sink;

  private LoopCase() {}

  public static void main(String[] args) throws Exception {
    Until.start(args);
    Thread pump = new Thread(() -> pump(), "pump");
    pump.start();
    pump.join();
    System.out.println("done checksum " + sink);
  }

  /** The loop: runs until the program ends. */
  static void pump() {
    long seed = 1;
    while (Until.running()) {
      seed = digest(seed);
      sink = seed;
    }
  }

  /** A digest of the seed, never the same argument twice. */
  static long digest(long seed) {
    long value = seed;
    for (int i = 0; i < 400_000; i++) {
      value ^= value << 13;
      value ^= value >>> 7;
      value ^= value << 17;
    }
    return value;
  }
}
