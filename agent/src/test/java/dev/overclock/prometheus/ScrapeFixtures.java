package dev.overclock.prometheus;

import dev.overclock.jvm.Frame;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Scrapes built from hand-made snapshots, for the exporter's tests. */
final class ScrapeFixtures {

  static final MethodRef QUOTE = new MethodRef("com.acme.shop.PricingEngine", "quote",
      "(Ljava/lang/String;ILjava/lang/String;)J", "annotation");
  static final MethodRef FETCH = new MethodRef("com.acme.shop.InventoryClient", "fetchStock",
      "(Ljava/lang/String;)I", "filter");
  /** A JVM method name may hold quotes, backslashes and line feeds (Kotlin, Scala, generators). */
  static final MethodRef ODD = new MethodRef("com.acme.Odd$Inner", "say \"hi\"\\\nnow", "()V",
      "annotation");

  private ScrapeFixtures() {}

  /** Quote (1000 calls of 120 us), fetch (500 calls of 2.2 ms, 12 errors), odd (3 calls). */
  static Scrape sample() {
    List<MethodSnapshot> snapshots = List.of(
        snapshot(QUOTE, 1000, 0, 120_000_000L, 120_000),
        snapshot(FETCH, 500, 12, 1_100_000_000L, 2_200_000),
        snapshot(ODD, 3, 3, 9_000L, 3_000));
    // The recent window: quote's calls were slower lately, fetch had none, odd is not there.
    return new Scrape(report(snapshots), Map.of(
        QUOTE.key(), latency(10, 200_000),
        FETCH.key(), LatencySummary.EMPTY));
  }

  /**
   * The sample's methods, with quote memoized (900 hits, 100 misses, 3 evictions, 97 cached) and
   * timed automatically, and a JVM section: two collections of 2 and 6 ms, 4 MiB allocated, the
   * latest CPU load 0.25 of this JVM and 0.5 of the machine.
   */
  static Scrape withMemoAndJvm() {
    List<MethodSnapshot> snapshots = List.of(
        snapshot(QUOTE, 1000, 0, 120_000_000L, 120_000),
        snapshot(FETCH, 500, 12, 1_100_000_000L, 2_200_000));
    List<MemoSnapshot> memo = List.of(new MemoSnapshot(QUOTE,
        new MemoSettings(10_000, Duration.ZERO, 100, 0.001), "active", null, null, 900, 100,
        12_000_000L, 2, 5, 0, 3, 97));
    JvmProfile profile = new JvmProfile(name -> true);
    Instant t0 = Instant.parse("2026-11-22T10:00:02Z");
    Frame quote = new Frame(QUOTE.className(), "quote", QUOTE.descriptor(), 30);
    profile.executionSample(t0, List.of(quote));
    profile.cpuLoad(t0, 0.75, 0.9);
    profile.cpuLoad(t0.plusSeconds(1), 0.25, 0.5);
    profile.garbageCollection(t0.plusMillis(100), "G1New", 2_000_000);
    profile.garbageCollection(t0.plusMillis(200), "G1New", 6_000_000);
    profile.allocation(t0.plusMillis(300), List.of(quote), "[B", 4L << 20);
    JvmReport jvm = profile.report("live", 20_000_000L, 10_000_000L, List.of(), List.of());
    MethodInsights insights = new MethodInsights() {
      @Override
      public MethodReport.Auto auto(MethodSnapshot method) {
        return method.method().equals(QUOTE)
            ? new MethodReport.Auto(t0, 0.4, 0.45, 100, 250, "timed", null)
            : null;
      }
    };
    return new Scrape(ReportBuilder.build(Instant.parse("2026-11-22T10:00:13Z"), false, run(),
        agent(), health(snapshots), snapshots, memo, jvm, insights), Map.of());
  }

  static Report report(List<MethodSnapshot> snapshots) {
    return ReportBuilder.build(Instant.parse("2026-11-22T10:00:13Z"), false, run(), agent(),
        health(snapshots), snapshots);
  }

  private static Report.Run run() {
    return new Report.Run("live", 4242, "com.acme.shop.ShopDemo",
        "OpenJDK 64-Bit Server VM", "Debian", "17.0.15", 17, Instant.parse("2026-11-22T10:00:00Z"),
        2, 6_000_000_000L, 0.4);
  }

  private static Report.Agent agent() {
    return new Report.Agent("0.1.0-test", "premain",
        Instant.parse("2026-11-22T10:00:01.250Z"), 12_000_000_000L, List.of(),
        Map.of("timing", "on"));
  }

  private static Report.Health health(List<MethodSnapshot> snapshots) {
    return new Report.Health(snapshots.size(), 7, 1, 2, 3, 4, List.of("a problem"),
        new Report.Overhead(0.01, 0.004, 0.02, 0.03, 9, 1L, 2L, 3L, 50, 5, 4L,
            List.of("argument sampling"), List.of(new Report.ShedStep(
                Instant.parse("2026-11-22T10:00:05Z"), "shed", "argument sampling", 0.02))));
  }

  /** Every call took {@code meanNanos}, except that the percentiles climb: p50 = mean, p99 = 2 × mean. */
  static MethodSnapshot snapshot(MethodRef method, long calls, long errors, long totalNanos,
      long meanNanos) {
    LatencySummary latency = latency(calls, meanNanos);
    return new MethodSnapshot(method, calls, errors, totalNanos, latency, latency, errors,
        CpuSample.NONE);
  }

  static LatencySummary latency(long calls, long meanNanos) {
    return new LatencySummary(calls, meanNanos / 2, meanNanos, meanNanos, meanNanos * 3 / 2,
        meanNanos * 2, meanNanos * 3, meanNanos * 4, List.of());
  }
}
