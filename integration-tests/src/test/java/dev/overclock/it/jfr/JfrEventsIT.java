package dev.overclock.it.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Overclock's own JFR events in a recording the user makes: the demo runs under {@code
 * -XX:StartFlightRecording}, and the {@code .jfr} file it leaves holds every Overclock event type
 * (the memoization statistics too: the demo memoizes a method) with plausible values, visible to
 * the JDK's own {@code jfr} tool in category "Overclock".
 */
@Isolated
class JfrEventsIT {

  private static final String STATISTICS = "overclock.MethodStatistics";
  private static final String SLOW = "overclock.SlowInvocation";
  private static final String CHANGE = "overclock.CodeChange";
  private static final String MEMO = "overclock.MemoStatistics";
  private static final String OFFLOAD = "overclock.OffloadStatistics";

  /** A recording configuration with Overclock's events, as a user would write one. */
  private static final String SETTINGS = String.join("\n",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<configuration version=\"2.0\" label=\"Overclock\">",
      "  <event name=\"" + STATISTICS + "\">",
      "    <setting name=\"enabled\">true</setting>",
      "    <setting name=\"period\">100 ms</setting>",
      "  </event>",
      "  <event name=\"" + SLOW + "\">",
      "    <setting name=\"enabled\">true</setting>",
      "    <setting name=\"stackTrace\">true</setting>",
      "  </event>",
      "  <event name=\"" + CHANGE + "\">",
      "    <setting name=\"enabled\">true</setting>",
      "  </event>",
      "  <event name=\"" + MEMO + "\">",
      "    <setting name=\"enabled\">true</setting>",
      "    <setting name=\"period\">100 ms</setting>",
      "  </event>",
      "  <event name=\"" + OFFLOAD + "\">",
      "    <setting name=\"enabled\">true</setting>",
      "    <setting name=\"period\">100 ms</setting>",
      "  </event>",
      "</configuration>",
      "");

  /**
   * Four times the quick demo's orders: on a quiet machine the quick demo ended 1.3 s after the
   * agent's start (JFR's own start-up with -XX:StartFlightRecording comes first), before the live
   * stream had registered the periodic events (CI, 2026-12-04: no MethodStatistics event).
   */
  private static final int DEMO_ORDERS = 2_400;

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void recordingOfTheDemo_holdsEachOverclockEventType_withPlausibleValues(Jdk jdk)
      throws IOException {
    Path dir = Files.createTempDirectory("overclock-jfr-");
    Path recording = dir.resolve("demo.jfr");
    // Statistics every 100 ms rather than every second: the run is a few seconds long.
    Path settings = Files.writeString(dir.resolve("overclock.jfc"), SETTINGS);
    Instant before = Instant.now();

    RunResult run = JvmLauncher.java(jdk)
        .args("-XX:StartFlightRecording:settings=" + settings + ",filename=" + recording
            + ",dumponexit=true")
        .agent("jfr.slowthreshold=5ms,summary=false")
        .demoOrders(DEMO_ORDERS)
        .named("jfr-events-" + jdk.feature())
        .run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    RunResult plain = JvmLauncher.java(jdk).demoOrders(DEMO_ORDERS)
        .named("jfr-events-plain-" + jdk.feature()).run();
    assertThat(plain.exitCode()).as(plain.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(plain.checksums());
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    Map<String, Long> calls = run.calls();

    List<RecordedEvent> statistics = named(events, STATISTICS);
    assertThat(statistics).isNotEmpty();
    for (RecordedEvent event : statistics) {
      assertThat(event.getEventType().getCategoryNames()).containsExactly("Overclock");
      String method = event.getString("method");
      assertThat(event.getString("selectedBy")).isIn("annotation", "auto");
      if (!calls.containsKey(method)) {
        // The demo counts its annotated methods only; a method the agent found hot on its own
        // (a longer run on a busy machine has more windows to find one) must say so.
        assertThat(event.getString("selectedBy")).as(method).isEqualTo("auto");
        assertThat(timedInTheRun(method, calls, run)).as("%s", event).isTrue();
      }
      assertThat(event.getLong("calls")).isPositive();
      assertThat(event.getLong("errors")).isBetween(0L, event.getLong("calls"));
      assertThat(event.getDuration("window")).isPositive();
      assertThat(event.getDuration("p50")).isLessThanOrEqualTo(event.getDuration("p90"));
      assertThat(event.getDuration("p90")).isLessThanOrEqualTo(event.getDuration("p99"));
      assertThat(event.getDuration("p99")).isLessThanOrEqualTo(event.getDuration("max"));
      assertThat(event.getLong("totalCalls")).isBetween(event.getLong("calls"),
          calls.getOrDefault(method, Long.MAX_VALUE));
    }
    // Windows do not overlap: the calls of all windows of a method add up to at most its calls.
    for (Map.Entry<String, Long> method : calls.entrySet()) {
      long windowed = statistics.stream()
          .filter(event -> event.getString("method").equals(method.getKey()))
          .mapToLong(event -> event.getLong("calls")).sum();
      assertThat(windowed).as(method.getKey()).isLessThanOrEqualTo(method.getValue());
    }

    List<RecordedEvent> slow = named(events, SLOW);
    assertThat(slow).isNotEmpty();
    for (RecordedEvent event : slow) {
      assertThat(event.getDuration("callDuration")).as("%s", event)
          .isGreaterThanOrEqualTo(Duration.ofMillis(5));
      assertThat(event.getDuration("threshold")).as("%s", event).isEqualTo(Duration.ofMillis(5));
      String method = event.getString("method");
      if (method == null) {
        // The agent never commits one without a method (MethodRef::name is never null), but
        // JDK 17's reader returned null for it once (CI, 2026-12-07, a -XX:StartFlightRecording
        // recording beside the agent's stream: a string from JFR's string pool lost). The stack
        // still names the method the call was in: it must be one the run timed.
        assertThat(event.getStackTrace().getFrames()).as("%s", event).anySatisfy(frame ->
            assertThat(timedInTheRun(name(frame), calls, run)).as(name(frame)).isTrue());
        continue;
      }
      // As above: on a busy machine the agent may time a method of its own choosing (seen:
      // OrderService::awaitCpuStage at load average 18), whose slow calls are events too.
      assertThat(timedInTheRun(method, calls, run)).as("%s", event).isTrue();
      assertThat(event.getStackTrace().getFrames()).as("%s", event).anySatisfy(frame ->
          assertThat(name(frame)).isEqualTo(method));
    }

    List<RecordedEvent> changes = named(events, CHANGE);
    assertThat(changes).anySatisfy(event -> {
      assertThat(event.getString("className")).isEqualTo("com.acme.shop.OrderService");
      assertThat(event.getString("action")).isEqualTo("instrumented");
      assertThat(event.getString("advice")).isEqualTo("timing");
      assertThat(event.getString("methods")).contains("process(Lcom/acme/shop/Order;)");
      assertThat(event.getString("reason")).isEqualTo("timing: annotation");
      assertThat(event.getInstant("changedAt")).isAfter(before.minusSeconds(5))
          .isBefore(Instant.now());
    });

    // The demo memoizes PricingEngine.quote: its cache's windows.
    List<RecordedEvent> memo = named(events, MEMO);
    assertThat(memo).isNotEmpty();
    long memoHits = 0;
    long memoMisses = 0;
    for (RecordedEvent event : memo) {
      assertThat(event.getEventType().getCategoryNames()).containsExactly("Overclock");
      assertThat(event.getString("method")).isEqualTo("com.acme.shop.PricingEngine::quote");
      assertThat(event.getString("state")).isEqualTo("active");
      assertThat(event.getLong("hits") + event.getLong("misses") + event.getLong("verifyChecks")
          + event.getLong("evictions")).isPositive();
      assertThat(event.getDouble("hitRatio")).isBetween(0.0, 1.0);
      assertThat(event.getLong("totalHits")).isGreaterThanOrEqualTo(event.getLong("hits"));
      // (not bounded by totalMisses: the two are read one after the other while calls go on)
      assertThat(event.getLong("size")).isNotNegative();
      assertThat(event.getDuration("window")).isPositive();
      memoHits += event.getLong("hits");
      memoMisses += event.getLong("misses");
    }
    // Windows do not overlap: they add up to at most the calls of the method.
    assertThat(memoHits + memoMisses)
        .isLessThanOrEqualTo(calls.get("com.acme.shop.PricingEngine::quote"));
    assertThat(memoHits).isPositive();

    // The demo's stock audit offloads its 200 lookups (@Offload, a future, maxConcurrency 8).
    List<RecordedEvent> offload = named(events, OFFLOAD);
    assertThat(offload).isNotEmpty();
    long offloadCalls = 0;
    int maxInFlight = 0;
    for (RecordedEvent event : offload) {
      assertThat(event.getEventType().getCategoryNames()).containsExactly("Overclock");
      assertThat(event.getString("method")).isEqualTo("com.acme.shop.InventoryClient::auditStock");
      assertThat(event.getString("mode")).isEqualTo("future");
      assertThat(event.getString("carrier")).isEqualTo(jdk.feature() >= 21 ? "virtual" : "platform");
      assertThat(event.getInt("inFlight")).isBetween(0, 8);
      // (0 in a window where the calls were made but no body had started yet)
      assertThat(event.getInt("maxInFlight")).isBetween(event.getInt("inFlight"), 8);
      maxInFlight = Math.max(maxInFlight, event.getInt("maxInFlight"));
      assertThat(event.getLong("timeouts") + event.getLong("rejections")
          + event.getLong("failures")).isZero();
      assertThat(event.getDuration("p50")).isLessThanOrEqualTo(event.getDuration("p99"));
      assertThat(event.getDuration("p99")).isLessThanOrEqualTo(event.getDuration("max"));
      assertThat(event.getLong("totalCalls")).isBetween(event.getLong("calls"), 200L);
      offloadCalls += event.getLong("calls");
    }
    // Windows do not overlap: at most the audit's 200 calls.
    assertThat(offloadCalls).isBetween(1L, 200L);
    assertThat(maxInFlight).isBetween(1, 8);

    // The JDK's own tool lists them under the category "Overclock".
    RunResult print = JvmLauncher.tool(jdk, "jfr")
        .args("print", "--categories", "Overclock", recording.toString())
        .named("jfr-print-" + jdk.feature()).run();
    assertThat(print.exitCode()).as(print.describe()).isZero();
    assertThat(print.stdout())
        .contains(STATISTICS + " {", SLOW + " {", CHANGE + " {", MEMO + " {", OFFLOAD + " {")
        .doesNotContain("jdk.ExecutionSample {");
  }

  /** A method the demo counts (its {@code @Timed} ones), or one the agent said it would time. */
  private static boolean timedInTheRun(String method, Map<String, Long> calls, RunResult run) {
    return calls.containsKey(method) || run.agentLines().stream()
        .anyMatch(line -> line.contains("timing " + method + " from now on"));
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(event -> event.getEventType().getName().equals(name)).toList();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "::" + frame.getMethod().getName();
  }
}
