package fixtureapp.known;

/**
 * A pure CPU-bound method whose arguments repeat: {@link #quote} is called with 16 distinct
 * argument pairs over and over. The answer: memoize {@code quote}.
 *
 * <p>With {@code probe} as third argument it then calls {@code quote} once more for each pair
 * under an {@link AdviceProbe} and prints {@code probe quote computed N of 16, bridge calls M}:
 * after the agent detached, 16 and 0 (every call computes its result, no advice is left). The
 * probe waits for the stop file, which the test creates once the detach returned, even when the
 * program's own deadline ended the loop first.
 */
public final class MemoizeCase {

  private MemoizeCase() {}

  public static void main(String[] args)
      throws ReflectiveOperationException, InterruptedException {
    Until.start(args);
    long checksum = 0;
    int round = 0;
    while (Until.running()) {
      checksum += quote(round % 8, round % 16 < 8 ? 3 : 5);
      round++;
    }
    System.out.println("done " + round + " checksum " + checksum);
    if (args.length > 2 && args[2].equals("probe")) {
      Until.awaitStopFile(60); // the test detaches the agent, then creates the file
      System.out.println(probe());
    }
  }

  private static String probe() throws ReflectiveOperationException {
    try (AdviceProbe probe = AdviceProbe.open()) {
      int computed = 0;
      for (int round = 0; round < 16; round++) {
        if (quote(round % 8, round % 16 < 8 ? 3 : 5) != AdviceProbe.SERVED) {
          computed++;
        }
      }
      return "probe quote computed " + computed + " of 16, bridge calls " + probe.bridgeCalls();
    }
  }

  /** A price computed by a few hundred thousand multiply-adds: the same for the same arguments. */
  static long quote(int item, int quantity) {
    long price = item * 31L + quantity;
    for (int i = 0; i < 300_000; i++) {
      price = price * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L + i;
    }
    return price;
  }
}
