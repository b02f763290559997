package fixtureapp.known;

/**
 * A pure CPU-bound method whose arguments repeat: {@link #quote} is called with 16 distinct
 * argument pairs over and over. The answer: memoize {@code quote}.
 */
public final class MemoizeCase {

  private MemoizeCase() {}

  public static void main(String[] args) {
    Until.start(args);
    long checksum = 0;
    int round = 0;
    while (Until.running()) {
      checksum += quote(round % 8, round % 16 < 8 ? 3 : 5);
      round++;
    }
    System.out.println("done " + round + " checksum " + checksum);
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
