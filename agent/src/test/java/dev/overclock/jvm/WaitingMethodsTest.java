package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Methods ranked by the time they wait in blocking events, as a web application shows them. */
class WaitingMethodsTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Frame THREAD_RUN = new Frame("java.lang.Thread", "run", "()V", 833);
  private static final Frame SERVLET =
      new Frame("org.apache.catalina.Servlet", "service", "()V", 100);
  private static final Frame HANDLER = new Frame("com.acme.Shop", "handle", "()V", 20);
  private static final Frame REMOTE = new Frame("com.acme.Remote", "call", "()I", 8);
  private static final Frame PRICE = new Frame("com.acme.Pricing", "quote", "(I)J", 12);
  private static final Frame SLEEP = new Frame("java.lang.Thread", "sleep", "(J)V", 1);
  private static final Frame PARK = new Frame("jdk.internal.misc.Unsafe", "park", "(ZJ)V", 1);
  private static final Frame QUERY =
      new Frame("org.hsqldb.jdbc.Statement", "executeQuery", "()V", 50);
  private static final Frame LOOP = new Frame("com.acme.Client", "loop", "()V", 30);
  private static final Frame MAIN = new Frame("com.acme.Main", "main", "([Ljava/lang/String;)V", 5);
  private static final Frame JOIN = new Frame("java.lang.Thread", "join", "()V", 1);

  /** The servlet container and the database are libraries; com.acme is the application. */
  private static JvmProfile profile() {
    return new JvmProfile(name -> name.startsWith("com.acme."));
  }

  @Test
  void theMethodThatWaits_ranksFirst_notTheFrameworkAboveIt_norTheCpuBoundHandler() {
    JvmProfile profile = profile();
    for (int i = 0; i < 12; i++) {
      // the remote call sleeps 20 ms under the handler, under the framework's service method
      profile.blocked(T0, Blocking.SLEEP, List.of(SLEEP, REMOTE, HANDLER, SERVLET, THREAD_RUN),
          "", 20_000_000L, 0, false);
      // the CPU-bound pricing runs: samples, no waiting
      profile.executionSample(T0, List.of(PRICE, HANDLER, SERVLET, THREAD_RUN));
    }

    JvmReport report = profile.report("live", 20_000_000, 10_000_000, List.of(), List.of());

    assertThat(report.waitingMethods()).extracting(JvmReport.WaitingMethod::name)
        .containsExactly("com.acme.Remote::call");
    JvmReport.WaitingMethod remote = report.waitingMethods().get(0);
    assertThat(remote.waitNanos()).isEqualTo(240_000_000L);
    assertThat(remote.sleepNanos()).isEqualTo(240_000_000L);
    assertThat(remote.events()).isEqualTo(12);
    assertThat(remote.kind()).isEqualTo("sleep");
    assertThat(remote.waitedIn()).isEqualTo("java.lang.Thread::sleep");
    assertThat(remote.applicationFrame()).isEqualTo("com.acme.Remote::call");
    assertThat(remote.boundary()).isFalse();
    assertThat(remote.share()).isEqualTo(1.0);
    // the window hands the same to the detector, and then starts again
    assertThat(profile.takeWindow().waiting()).containsExactly(
        new SampleWindow.Waited(new Frame("com.acme.Remote", "call", "()I", 0), 240_000_000L,
            12, false));
    assertThat(profile.takeWindow().waiting()).isEmpty();
  }

  @Test
  void aFrameThatNeverReturns_waitsThroughTheLibraryCallItMakes_andNotThroughTheJdk() {
    JvmProfile profile = profile();
    profile.neverReturns(LOOP.key(), "never returned: test");
    profile.neverReturns(MAIN.key(), "never returned: test");
    for (int i = 0; i < 10; i++) {
      profile.blocked(T0, Blocking.PARK, List.of(PARK, QUERY, LOOP, THREAD_RUN), "", 5_000_000L,
          0, false);
    }
    // main joins its workers: a JDK call made straight from a frame that never returns
    profile.blocked(T0, Blocking.WAIT, List.of(JOIN, MAIN), "java.lang.Thread", 9_000_000_000L, 0,
        false);

    JvmReport report = profile.report("live", 20_000_000, 10_000_000, List.of(), List.of());

    assertThat(report.waitingMethods()).extracting(JvmReport.WaitingMethod::name)
        .containsExactly("org.hsqldb.jdbc.Statement::executeQuery");
    JvmReport.WaitingMethod query = report.waitingMethods().get(0);
    assertThat(query.boundary()).isTrue();
    assertThat(query.applicationFrame()).isEqualTo("com.acme.Client::loop");
    assertThat(query.lockNanos()).isEqualTo(50_000_000L);
    assertThat(profile.takeWindow().waiting()).extracting(SampleWindow.Waited::boundary)
        .containsExactly(true);
  }

  @Test
  void waitsWithoutAnApplicationFrame_countForNoMethod() {
    JvmProfile profile = profile();
    profile.blocked(T0, Blocking.PARK, List.of(PARK, SERVLET, THREAD_RUN), "", 50_000_000L, 0,
        false);

    assertThat(profile.report("live", 0, 0, List.of(), List.of()).waitingMethods()).isEmpty();
    assertThat(profile.takeWindow().waiting()).isEmpty();
  }
}
