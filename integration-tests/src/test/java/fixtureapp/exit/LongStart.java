package fixtureapp.exit;

/**
 * A program whose start does not end: its main thread computes without pause for the seconds
 * given (as an application building its state on the main thread does), so an agent that waits
 * for the end of the application's start keeps waiting, up to its cap.
 */
public final class LongStart {

  private LongStart() {}

  public static void main(String[] args) {
    System.out.println("long-start: computing");
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    long sum = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        sum += i ^ (sum >>> 3);
      }
    }
    System.out.println("long-start: done " + (sum == 42 ? "!" : "."));
  }
}
