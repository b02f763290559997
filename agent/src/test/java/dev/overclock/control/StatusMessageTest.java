package dev.overclock.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportFixturesAccess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMessageTest {

  @Test
  void encodeThenDecode_keepsEveryFactProblemAndRow() {
    Report report = ReportFixturesAccess.sample();
    StatusMessage sent = StatusMessage.of(report, "/tmp/reports");

    StatusMessage received = StatusMessage.decode(sent.encode());

    assertThat(received.facts()).isEqualTo(sent.facts());
    assertThat(received.problems()).isEqualTo(report.health().problems());
    assertThat(received.methods()).hasSameSizeAs(report.methods());
    MethodReport first = report.methods().get(0);
    StatusMessage.Row row = received.methods().get(0);
    assertThat(row.name()).isEqualTo(first.name());
    assertThat(row.calls()).isEqualTo(first.calls());
    assertThat(row.errors()).isEqualTo(first.errors());
    assertThat(row.p99()).isEqualTo(first.latency().p99());
    assertThat(row.totalNanos()).isEqualTo(first.totalNanos());
    assertThat(row.share()).isCloseTo(first.share(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(received.fact(StatusMessage.REPORT_DIR, null)).isEqualTo("/tmp/reports");
    assertThat(received.number(StatusMessage.PID)).isEqualTo(report.run().pid());
    assertThat(received.fact(StatusMessage.FEATURE + "timing", null)).isNotNull();
  }

  @Test
  void p95_travelsAtTheEndOfTheMethodLine_andAnOlderAgentsLineReadsAsUnknown() {
    Report report = ReportFixturesAccess.sample();
    StatusMessage received = StatusMessage.decode(StatusMessage.of(report, null).encode());

    assertThat(received.methods().get(0).p95()).isEqualTo(report.methods().get(0).p95())
        .isPositive();
    StatusMessage older = StatusMessage.decode(List.of(
        "method\tcom.acme.Pricing::quote\tannotation\t10\t0\t1\t2\t3\t4\t5\t0.5"));
    assertThat(older.methods().get(0).p95()).isEqualTo(-1);
    assertThat(older.methods().get(0).p99()).isEqualTo(3);
  }

  @Test
  void textWithTabsOrLineBreaks_staysOneField() {
    StatusMessage sent = new StatusMessage(
        java.util.Map.of("mainClass", "a\tb\nc"), List.of("two\nlines"), List.of());

    List<String> lines = sent.encode();

    assertThat(lines).containsExactly("fact\tmainClass\ta b c", "problem\ttwo lines");
    assertThat(StatusMessage.decode(lines).problems()).containsExactly("two lines");
  }

  @Test
  void linesOfANewerAgent_areIgnored_andMissingFactsHaveFallbacks() {
    List<String> lines = new ArrayList<>(List.of("fact\tversion\t9.9", "sparkline\t1\t2\t3"));

    StatusMessage message = StatusMessage.decode(lines);

    assertThat(message.fact(StatusMessage.VERSION, "?")).isEqualTo("9.9");
    assertThat(message.fact(StatusMessage.MODE, "?")).isEqualTo("?");
    assertThat(message.number(StatusMessage.UPTIME_NANOS)).isEqualTo(-1);
  }

  @Test
  void malformedMethodLine_isRejected() {
    assertThatThrownBy(() -> StatusMessage.decode(List.of("method\tonly\ttwo")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sampledMethod_keepsItsN_andAnOlderAgentsLineReadsAsExact() {
    StatusMessage.Row sampled =
        new StatusMessage.Row("a.B::c", "annotation", 600_000_000L, 0, 5, 6, 9, 40, 3_000_000_000L,
            1.0, 64);
    StatusMessage sent = new StatusMessage(java.util.Map.of(), List.of(), List.of(sampled));

    assertThat(StatusMessage.decode(sent.encode()).methods()).containsExactly(sampled);
    assertThat(StatusMessage.decode(List.of("method\ta.B::c\tfilter\t1\t0\t1\t1\t1\t1\t1\t0.5"))
        .methods().get(0).sampleEvery()).isEqualTo(1);
  }

  @Test
  void pools_travelAsOneNumberedFactEach_inTheOrderTheyWereCreated() {
    StatusMessage sent = StatusMessage.of(ReportFixturesAccess.withPools(), null);

    StatusMessage read = StatusMessage.decode(sent.encode());

    assertThat(read.facts().get(StatusMessage.POOL + 1))
        .startsWith("pool com.acme.shop.OrderService::start:42 (Executors.newFixedThreadPool,")
        .contains("virtual threads, 2000 tasks");
    assertThat(read.facts().get(StatusMessage.POOL + 2))
        .startsWith("pool com.acme.shop.Audit::<init>");
    assertThat(read.facts()).doesNotContainKey(StatusMessage.POOL + 3);
  }

  @Test
  void status_carriesTheOverheadLine_throughTheChannel() {
    Report report = ReportFixturesAccess.full();

    StatusMessage decoded =
        StatusMessage.decode(StatusMessage.of(report, "/tmp/reports").encode());

    assertThat(decoded.facts().get(StatusMessage.OVERHEAD))
        .startsWith("overhead 0.42% of the application's CPU over 11 periods")
        .contains("budget 1.00%; shed: none");
  }
}
