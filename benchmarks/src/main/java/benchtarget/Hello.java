package benchtarget;

/**
 * An empty program for the start-up measurement of {@link dev.overclock.benchmarks.DemoOverhead}:
 * prints the wall-clock time at which its {@code main} began, in milliseconds since the epoch.
 */
public final class Hello {

  private Hello() {}

  public static void main(String[] args) {
    System.out.println(System.currentTimeMillis());
  }
}
