package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonReportWriterTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void methods_areSortedByTotalTime_withSharesOfTheSum() {
    JsonNode report = mapper.readTree(JsonReportWriter.write(ReportFixtures.sample()));

    JsonNode methods = report.get("methods");
    assertThat(methods.get(0).get("name").asString()).isEqualTo("com.acme.shop.InventoryClient::fetchStock");
    assertThat(methods.get(1).get("name").asString()).isEqualTo("com.acme.shop.PricingEngine::quote");
    double total = 1_100_000_000.0 + 120_000_000 + 9_000;
    assertThat(methods.get(0).get("share").asDouble()).isCloseTo(1_100_000_000 / total,
        org.assertj.core.api.Assertions.within(1e-6));
    assertThat(report.get("totals").get("calls").asLong()).isEqualTo(1503);
    assertThat(report.get("totals").get("errors").asLong()).isEqualTo(15);
  }

  @Test
  void classification_andRecommendation_comeFromTheCpuSample() {
    JsonNode methods = mapper.readTree(JsonReportWriter.write(ReportFixtures.sample())).get("methods");

    JsonNode fetch = methods.get(0);
    assertThat(fetch.get("classification").asString()).isEqualTo("blocking");
    assertThat(fetch.get("recommendation").asString()).startsWith("blocking 95% of wall time").contains("@Offload");
    JsonNode quote = methods.get(1);
    assertThat(quote.get("classification").asString()).isEqualTo("cpu-bound");
    assertThat(quote.get("cpu").get("allocatedBytesPerCall").asDouble()).isCloseTo(4096.0 / 63,
        org.assertj.core.api.Assertions.within(1e-3));
    JsonNode odd = methods.get(2);
    assertThat(odd.get("cpu").isNull()).isTrue();
    assertThat(odd.get("classification").asString()).isEqualTo("unclassified");
    assertThat(odd.get("recommendation").isNull()).isTrue();
  }

  @Test
  void recommendations_listOnlyMethodsWithAShareOfAtLeastOnePercent() {
    JsonNode recommendations = mapper.readTree(JsonReportWriter.write(
        ReportFixtures.withMethods(ReportFixtures.sampleSnapshots()))).get("recommendations");

    assertThat(recommendations).hasSize(2);
    assertThat(recommendations.get(0).get("kind").asString()).isEqualTo("offload");
    assertThat(recommendations.get(1).get("kind").asString()).isEqualTo("memoize");
  }

  @Test
  void aMethodMemoizedAlready_isNotRecommendedForMemoization() {
    JsonNode report = mapper.readTree(JsonReportWriter.write(ReportFixtures.sample()));

    assertThat(report.get("recommendations")).hasSize(1);
    assertThat(report.get("recommendations").get(0).get("kind").asString()).isEqualTo("offload");
    JsonNode quote = report.get("methods").get(1);
    assertThat(quote.get("methodName").asString()).isEqualTo("quote");
    assertThat(quote.get("recommendation").asString()).contains("memoized already: 91% of 1000"
        + " lookups found a cached result");
  }

  @Test
  void saturatedCpu_turnsBlockingIntoInvestigate_withTheReason() {
    JsonNode report = mapper.readTree(JsonReportWriter.write(
        ReportFixtures.withMethods(ReportFixtures.sampleSnapshots(), 0.97)));

    JsonNode fetch = report.get("methods").get(0);
    assertThat(fetch.get("classification").asString()).isEqualTo("blocking");
    assertThat(fetch.get("recommendation").asString())
        .startsWith("off CPU 95% of wall time").contains("wait may be for a core");
    assertThat(report.get("recommendations").get(0).get("kind").asString()).isEqualTo("investigate");
    assertThat(report.get("recommendations").get(1).get("kind").asString()).isEqualTo("memoize");
    assertThat(report.get("run").get("processCpuLoad").asDouble()).isEqualTo(0.97);
  }

  @Test
  void jvmSection_isWritten_withTheFlameGraphOnOneLine() {
    String text = JsonReportWriter.write(ReportFixtures.full());
    JsonNode jvm = mapper.readTree(text).get("jvm");

    assertThat(jvm.get("source").asString()).isEqualTo("live");
    assertThat(jvm.get("cpu").get("series")).hasSize(2);
    assertThat(jvm.get("gc").get("collections").asLong()).isEqualTo(1);
    assertThat(jvm.get("io").get(0).get("kind").asString()).isEqualTo("socket-read");
    assertThat(jvm.get("contention").get(0).get("detail").asString())
        .isEqualTo("java.util.concurrent.FutureTask");
    assertThat(jvm.get("pinning").get("sites").get(0).get("stack")).hasSize(2);
    assertThat(jvm.get("hotMethods").get(0).get("name").asString())
        .isEqualTo("com.acme.shop.PricingEngine::quote");
    JsonNode root = jvm.get("flameGraph").get("root");
    assertThat(root.get("value").asLong()).isEqualTo(50);
    assertThat(root.get("children").get(0).get("name").asString()).isEqualTo("java.lang.Thread::run");
    assertThat(text.lines().filter(line -> line.contains("\"root\": {")))
        .singleElement().asString().contains("\"children\":[");
    assertThat(mapper.readTree(JsonReportWriter.write(ReportFixtures.sample())).get("jvm").isNull())
        .isTrue();
  }

  @Test
  void memoizeRecommendation_withRepeatingArguments_statesSavingAndHowToApply() {
    JsonNode report = mapper.readTree(JsonReportWriter.write(ReportFixtures.full()));

    JsonNode quote = report.get("methods").get(1);
    assertThat(quote.get("name").asString()).isEqualTo("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("classifiedBy").asString()).isEqualTo("cpu-time");
    assertThat(quote.get("auto").get("state").asString()).isEqualTo("timed");
    assertThat(quote.get("arguments").get("repeatRate").asDouble()).isEqualTo(0.92);
    JsonNode recommendation = report.get("recommendations").get(1);
    assertThat(recommendation.get("kind").asString()).isEqualTo("memoize");
    assertThat(recommendation.get("text").asString())
        .contains("92% of 500 sampled calls repeated earlier arguments (40 distinct)");
    assertThat(recommendation.get("estimatedSavingNanos").asLong()).isPositive();
    assertThat(recommendation.get("apply").asString()).isEqualTo(
        "@dev.overclock.annotations.Memoize on com.acme.shop.PricingEngine::quote(String, int,"
            + " String)");
    assertThat(recommendation.get("config").asString())
        .isEqualTo("memoize=com.acme.shop.PricingEngine::quote");
  }

  @Test
  void strings_areEscaped_soTheyRoundTrip() {
    JsonNode odd = mapper.readTree(JsonReportWriter.write(ReportFixtures.sample())).get("methods").get(2);

    assertThat(odd.get("name").asString()).isEqualTo("com.acme.Odd$Inner<x>::weird\"name");
  }

  @Test
  void lessThan_isEscaped_soTheJsonCannotCloseAScriptElement() {
    String json = JsonReportWriter.write(ReportFixtures.sample());

    assertThat(json).doesNotContain("<").contains("\\u003c");
  }

  @Test
  void emptyReport_hasEmptyArrays() {
    JsonNode report = mapper.readTree(JsonReportWriter.write(ReportFixtures.withMethods(List.of())));

    assertThat(report.get("methods")).isEmpty();
    assertThat(report.get("recommendations")).isEmpty();
    assertThat(report.get("memoized")).isEmpty();
    assertThat(report.get("totals").get("totalNanos").asLong()).isZero();
  }

  @Test
  void memoizedMethods_carryTheirFigures_stateAndSettings() {
    JsonNode memoized = mapper.readTree(JsonReportWriter.write(ReportFixtures.sample())).get("memoized");

    assertThat(memoized).hasSize(3);
    JsonNode quote = memoized.get(0);
    assertThat(quote.get("name").asString()).isEqualTo("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("state").asString()).isEqualTo("active");
    assertThat(quote.get("reason").isNull()).isTrue();
    assertThat(quote.get("hits").asLong()).isEqualTo(900);
    assertThat(quote.get("misses").asLong()).isEqualTo(90);
    assertThat(quote.get("verifyChecks").asLong()).isEqualTo(10);
    assertThat(quote.get("hitRatio").asDouble()).isEqualTo(0.91);
    assertThat(quote.get("meanMissNanos").asDouble()).isEqualTo(100_000.0);
    assertThat(quote.get("savedNanos").asLong()).isEqualTo(90_000_000L);
    assertThat(quote.get("settings").get("expireAfterWriteNanos").asLong()).isEqualTo(30_000_000_000L);
    assertThat(memoized.get(1).get("state").asString()).isEqualTo("unsafe");
    assertThat(memoized.get(1).get("evidence").asString()).contains("computed again 2");
    assertThat(memoized.get(2).get("state").asString()).isEqualTo("skipped");
    assertThat(memoized.get(2).get("settings").isNull()).isTrue();
  }
}
