package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.control.StatusMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentViewTest {

  private static StatusMessage status(Map<String, String> facts, StatusMessage.Row... rows) {
    return new StatusMessage(facts, List.of(), List.of(rows));
  }

  @Test
  void identity_namesTheJarWithoutItsDirectory() {
    StatusMessage status = status(Map.of(StatusMessage.PID, "7", StatusMessage.MAIN_CLASS,
        "/srv/shop/demo-app.jar", StatusMessage.JAVA_VERSION, "17.0.15", StatusMessage.VERSION,
        "0.1.0", StatusMessage.MODE, "premain", StatusMessage.UPTIME_NANOS, "17000000000"));

    assertThat(AgentView.identity(status))
        .isEqualTo("pid 7  demo-app.jar  JDK 17.0.15  Overclock 0.1.0 (premain), up 17s");
  }

  @Test
  void features_knownOnesFirst_thenTheOthers_withTheReportDirectory() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(StatusMessage.FEATURE + "prometheus", "http://127.0.0.1:9464/metrics");
    facts.put(StatusMessage.FEATURE + "memoization", "on");
    facts.put(StatusMessage.FEATURE + "report", "at exit");
    facts.put(StatusMessage.FEATURE + "cpu", "off");
    facts.put(StatusMessage.FEATURE + "timing", "on");
    facts.put(StatusMessage.REPORT_DIR, "/tmp/r");

    assertThat(AgentView.features(status(facts))).isEqualTo("timing on; cpu off; report at exit"
        + " in /tmp/r; memoization on; prometheus http://127.0.0.1:9464/metrics");
  }

  @Test
  void options_areListedWithTheirOrigin_orNullWhenNoneWasSet() {
    assertThat(AgentView.options(status(Map.of()))).isNull();
    assertThat(AgentView.options(status(Map.of(StatusMessage.OPTION + "cpu", "true (agent argument)"))))
        .isEqualTo("options: cpu=true (agent argument)");
  }

  @Test
  void health_namesOnlyTheCountersThatAreNotZero() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(StatusMessage.INSTRUMENTED_METHODS, "7");
    facts.put(StatusMessage.INSTRUMENTED_CLASSES, "6");
    facts.put(StatusMessage.SUPPRESSED_ERRORS, "0");
    facts.put(StatusMessage.FAILED_CLASSES, "1");
    facts.put(StatusMessage.DROPPED_CALLS, "3");

    assertThat(AgentView.health(status(facts))).isEqualTo(
        "health: 7 methods in 6 classes instrumented; 1 classes failed to instrument, 3 dropped calls");
    assertThat(AgentView.errors(status(Map.of(StatusMessage.FAILED_CLASSES, "0"))))
        .isEqualTo("no errors");
  }

  @Test
  void uptime_readsLikeAClock() {
    assertThat(AgentView.uptime(-1)).isEqualTo("?");
    assertThat(AgentView.uptime(45_000_000_000L)).isEqualTo("45s");
    assertThat(AgentView.uptime(192_000_000_000L)).isEqualTo("3m 12s");
    assertThat(AgentView.uptime(7_500_000_000_000L)).isEqualTo("2h 5m");
  }

  @Test
  void totals_addUpTheRows() {
    StatusMessage status = status(Map.of(),
        new StatusMessage.Row("a.B::c", "annotation", 61_000, 400, 1, 1, 1, 1, 1, 0.5),
        new StatusMessage.Row("a.B::d", "filter", 200, 10, 1, 1, 1, 1, 1, 0.5));

    assertThat(AgentView.totals(status)).isEqualTo("2 methods, 61.2k calls, 410 errors");
  }

  @Test
  void wrap_breaksALongLineAtItsSeparators_toTheWidth() {
    String features = "timing on; cpu off; report every 10s and at exit in /tmp/a/very/long/dir;"
        + " auto on, 3 timed; jfr on (stream), 12 event types; prometheus off";

    List<String> lines = AgentView.wrap(features, 40);

    // Only a line holding a single part longer than the width exceeds it.
    assertThat(lines).allMatch(line -> line.length() <= 40 || !line.strip().contains("; "));
    assertThat(lines.get(0)).isEqualTo("timing on; cpu off;");
    assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("  ")
        && !line.startsWith("   "));
    assertThat(String.join(" ", lines).replaceAll(" +", " ")).isEqualTo(features);
    assertThat(AgentView.wrap("timing on", 40)).containsExactly("timing on");
  }
}
