package fixtureapp.memo;

/** State outside the arguments that {@link Pure#price} reads: what makes it impure. */
final class Counter {
  static volatile int value;

  private Counter() {}
}
