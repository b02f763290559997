package fixtureapp.exit;

/**
 * A program that is over soon after its start: its main thread sleeps (so the agent sees its
 * start end, and starts JFR), then ends after the milliseconds given, in the middle of JFR's
 * start when the timing falls right.
 */
public final class EndsSoon {

  private EndsSoon() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]));
    System.out.println("ends-soon: done after " + args[0] + " ms");
  }
}
