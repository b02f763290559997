package dev.overclock.report;

/** Lets tests of other packages use {@link ReportFixtures} (package-private). */
public final class ReportFixturesAccess {

  private ReportFixturesAccess() {}

  /** A report with every optional part, the overhead governor's figures included. */
  public static Report full() {
    return ReportFixtures.full();
  }

  public static Report sample() {
    return ReportFixtures.sample();
  }

  /** The sample with a pool on virtual threads and one left alone. */
  public static Report withPools() {
    return ReportFixtures.withPools();
  }
}
