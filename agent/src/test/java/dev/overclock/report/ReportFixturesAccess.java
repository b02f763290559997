package dev.overclock.report;

/** Lets tests of other packages use {@link ReportFixtures} (package-private). */
public final class ReportFixturesAccess {

  private ReportFixturesAccess() {}

  public static Report sample() {
    return ReportFixtures.sample();
  }

  /** The sample with a pool on virtual threads and one left alone. */
  public static Report withPools() {
    return ReportFixtures.withPools();
  }
}
