package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How much of the application's samples the timed methods cover. */
class TimedCoverageTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Frame RUN = new Frame("java.lang.Thread", "run", "()V", 833);
  private static final Frame LOOP = new Frame("com.acme.Client", "loop", "()V", 30);
  private static final Frame PLACE = new Frame("com.acme.Orders", "place", "()V", 12);
  private static final Frame QUERY = new Frame("org.hsqldb.Statement", "executeQuery", "()V", 5);
  private static final Frame PARSE = new Frame("com.acme.Parser", "parse", "()V", 3);
  private static final Frame GC = new Frame("java.lang.ref.Reference", "process", "()V", 1);

  private static JvmProfile profile() {
    return new JvmProfile(name -> name.startsWith("com.acme."));
  }

  private static JvmReport report(JvmProfile profile) {
    return profile.report("live", 20_000_000, 10_000_000, List.of(), List.of());
  }

  @Test
  void coverage_countsApplicationSamplesWithATimedMethodOnTheStack_fromTheFirstTimedSetOn() {
    JvmProfile profile = profile();
    profile.executionSample(T0, List.of(QUERY, PLACE, LOOP, RUN)); // before anything was timed
    assertThat(report(profile).coverage()).isNull();

    profile.timedMethods(Set.of(PLACE.key()));
    profile.takeWindow();
    profile.executionSample(T0, List.of(QUERY, PLACE, LOOP, RUN)); // covered, through a library
    profile.executionSample(T0, List.of(PLACE, LOOP, RUN)); // covered
    profile.executionSample(T0, List.of(PARSE, LOOP, RUN)); // application, not covered
    profile.executionSample(T0, List.of(GC)); // no application frame: not counted
    profile.takeWindow();

    JvmReport.Coverage coverage = report(profile).coverage();
    assertThat(coverage.timedMethods()).isEqualTo(1);
    assertThat(coverage.applicationSamples()).isEqualTo(3);
    assertThat(coverage.coveredSamples()).isEqualTo(2);
    assertThat(coverage.share()).isEqualTo(2.0 / 3);
    assertThat(coverage.windowApplicationSamples()).isEqualTo(3);
    assertThat(coverage.windowShare()).isEqualTo(2.0 / 3);

    profile.executionSample(T0, List.of(PARSE, LOOP, RUN));
    profile.takeWindow();
    coverage = report(profile).coverage();
    assertThat(coverage.share()).isEqualTo(0.5);
    assertThat(coverage.windowShare()).isZero();
  }
}
