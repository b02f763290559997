package dev.overclock.report;

import dev.overclock.config.Setting;
import dev.overclock.config.Source;
import dev.overclock.jvm.Blocking;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.offload.PoolSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reports built from hand-made snapshots, for the writer tests. */
final class ReportFixtures {

  private ReportFixtures() {}

  static Report sample() {
    return withMethods(sampleSnapshots(), 0.4, sampleMemo());
  }

  /** An active, an unsafe and a skipped memoized method. */
  static List<MemoSnapshot> sampleMemo() {
    MemoSettings settings = new MemoSettings(10_000, Duration.ofSeconds(30), 100, 0.001);
    return List.of(
        new MemoSnapshot(new MethodRef("com.acme.shop.PricingEngine", "quote",
            "(Ljava/lang/String;ILjava/lang/String;)J", "annotation"), settings, "active", null,
            null, 900, 90, 9_000_000L, 2, 10, 0, 5, 85),
        new MemoSnapshot(new MethodRef("com.acme.Clock", "now", "()J", "filter"),
            MemoSettings.DEFAULTS, "unsafe", "not a pure function",
            "arguments (): cached 1, computed again 2", 0, 1, 2_000L, 0, 1, 1, 0, 0),
        new MemoSnapshot(new MethodRef("com.acme.Log", "write", "(Ljava/lang/String;)V",
            "annotation"), null, "skipped", "it returns void", null, 0, 0, 0, 0, 0, 0, 0, 0));
  }

  static List<MethodSnapshot> sampleSnapshots() {
    return
        List.of(
            snapshot(new MethodRef("com.acme.shop.PricingEngine", "quote",
                "(Ljava/lang/String;ILjava/lang/String;)J", "annotation"),
                1000, 0, 120_000_000L, 120_000, new CpuSample(63, 7_600_000, 7_400_000, 4096)),
            snapshot(new MethodRef("com.acme.shop.InventoryClient", "fetchStock",
                "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;", "filter"),
                500, 12, 1_100_000_000L, 2_200_000, new CpuSample(40, 88_000_000, 4_000_000, 0)),
            snapshot(new MethodRef("com.acme.Odd$Inner<x>", "weird\"name",
                "()V", "annotation"), 3, 3, 9_000L, 3_000, CpuSample.NONE));
  }

  /** The sample with two thread pools: one on virtual threads (limit moved, pinned), one left alone. */
  static Report withPools() {
    PoolSnapshot virtual = new PoolSnapshot(
        "com.acme.shop.OrderService::start line 42 (Executors.newFixedThreadPool)", "virtual",
        "blocking: the first 4 tasks spent 1% of their time on a CPU", 8, 8, -1, 1996, 4, 3, 182,
        5, 182, 8, 182, 7,
        List.of(new PoolSnapshot.LimitChange(Instant.parse("2026-11-22T10:00:12Z"), 121, 182,
            "every slot was in use and task time held")),
        new PoolSnapshot.Times(1996, 21_000_000, 48_000_000, 52_000_000, 53_000_000),
        new PoolSnapshot.Times(2000, 10_100_000, 10_400_000, 11_000_000, 12_900_000), 2,
        "com.acme.shop.Ledger.post:88", new PoolSnapshot.Evidence(4, 0.01, 4), false);
    PoolSnapshot single = new PoolSnapshot(
        "com.acme.shop.Audit::<init> (Executors.newFixedThreadPool)", "platform",
        "runs one task at a time: its order may be relied on", 1, 1, -1, 0, 0, 0, 0, 0, 1, 1, 1,
        0, List.of(), PoolSnapshot.Times.NONE, PoolSnapshot.Times.NONE, 0, null,
        PoolSnapshot.Evidence.NONE, false);
    return sample().withPools(List.of(PoolReport.of(virtual), PoolReport.of(single)));
  }

  static Report withMethods(List<MethodSnapshot> snapshots) {
    return withMethods(snapshots, 0.4);
  }

  /**
   * A report with every optional part: a JVM section built from events, and for the first method
   * automatic timing, JFR evidence and argument samples.
   */
  static Report full() {
    JvmProfile profile = new JvmProfile(name -> true);
    Instant t0 = Instant.parse("2026-11-22T10:00:01Z");
    Frame quote = new Frame("com.acme.shop.PricingEngine", "quote",
        "(Ljava/lang/String;ILjava/lang/String;)J", 30);
    Frame run = new Frame("java.lang.Thread", "run", "()V", 833);
    for (int i = 0; i < 50; i++) {
      profile.executionSample(t0.plusMillis(20L * i), List.of(quote, run));
    }
    profile.cpuLoad(t0, 0.5, 0.8);
    profile.cpuLoad(t0.plusSeconds(1), 0.6, 0.9);
    profile.garbageCollection(t0.plusMillis(300), "G1New", 3_000_000);
    profile.heapAfterGc(t0.plusMillis(300), 20_000_000);
    profile.allocation(t0.plusMillis(400), List.of(quote, run), "[B", 4_096);
    profile.blocked(t0.plusMillis(500), Blocking.SOCKET_READ, List.of(quote), "localhost:80",
        12_000_000, 64, false);
    profile.blocked(t0.plusMillis(600), Blocking.PARK, List.of(quote), "java.util.concurrent.FutureTask",
        15_000_000, 0, false);
    profile.pinningSupported(true);
    profile.pinned(t0.plusMillis(700), List.of(quote, run), 25_000_000);
    JvmReport jvm = profile.report("live", 20_000_000L, 10_000_000L,
        List.of("jdk.ExecutionSample", "jdk.CPULoad"), List.of("jdk.VirtualThreadPinned"));
    MethodInsights insights = new MethodInsights() {
      @Override
      public MethodReport.Auto auto(MethodSnapshot method) {
        return method.method().methodName().equals("quote")
            ? new MethodReport.Auto(t0.plusSeconds(5), 0.4, 0.45, 100, 250, "timed", null)
            : null;
      }

      @Override
      public MethodReport.Evidence evidence(MethodSnapshot method) {
        return new MethodReport.Evidence(40, 800_000_000L, 1_000_000_000L, 0.8, 0, 0, 0, 0, 0);
      }

      @Override
      public MethodReport.Arguments arguments(MethodSnapshot method) {
        return method.method().methodName().equals("quote")
            ? new MethodReport.Arguments(500, 40, 0.92, true)
            : null;
      }
    };
    return ReportBuilder.build(Instant.parse("2026-11-22T10:00:13Z"), true, run(0.4), agent(),
        health(sampleSnapshots()), sampleSnapshots(), List.of(), jvm, insights);
  }

  /** {@link #full()} with other overhead figures. */
  static Report withOverhead(Report.Overhead overhead) {
    Report r = full();
    Report.Health h = r.health();
    return new Report(r.schemaVersion(), r.generatedAt(), r.complete(), r.run(), r.agent(),
        new Report.Health(h.instrumentedMethods(), h.instrumentedClasses(),
            h.suppressedAdviceErrors(), h.failedClasses(), h.reportWriteErrors(),
            h.droppedCalls(), h.problems(), overhead),
        r.totals(), r.methods(), r.recommendations(), r.memoized(), r.offloaded(), r.jvm(),
        r.analysis(), r.pools(), r.optimizations());
  }

  private static Report.Run run(double processCpuLoad) {
    return new Report.Run("live", 4242, "com.acme.shop.ShopDemo", "OpenJDK 64-Bit Server VM",
        "Debian", "17.0.15", 17, Instant.parse("2026-11-22T10:00:00Z"), 2, 6_000_000_000L,
        processCpuLoad);
  }

  private static Report.Agent agent() {
    return new Report.Agent("0.1.0-test", "premain",
        Instant.parse("2026-11-22T10:00:01Z"), 12_000_000_000L,
        List.of(new Setting("cpu", "true", Source.ARGUMENT, "")),
        Map.of("timing", "on", "cpu", "on, 1 in 16 calls", "report", "every 10s and at exit"));
  }

  private static Report.Health health(List<MethodSnapshot> snapshots) {
    return new Report.Health(snapshots.size(), snapshots.size(), 0, 0, 0, 0,
        List.of("option report.interval='soon' (agent argument): expected a duration"),
        overhead());
  }

  /** The governor's figures: over budget once (argument sampling shed), then back under. */
  static Report.Overhead overhead() {
    return new Report.Overhead(0.01, 0.0042, 0.0031, 0.0124, 11, 61_000_000L, 30_200_000L,
        21_700_000_000L, 48.5, 6.2, 410_000_000L, List.of(),
        List.of(new Report.ShedStep(Instant.parse("2026-11-22T10:00:04Z"), "shed",
                "argument sampling", 0.0124),
            new Report.ShedStep(Instant.parse("2026-11-22T10:00:08Z"), "restored",
                "argument sampling", 0.0029)));
  }

  static Report withMethods(List<MethodSnapshot> snapshots, double processCpuLoad) {
    return withMethods(snapshots, processCpuLoad, List.of());
  }

  static Report withMethods(
      List<MethodSnapshot> snapshots, double processCpuLoad, List<MemoSnapshot> memo) {
    Report.Run run = new Report.Run("live", 4242, "com.acme.shop.ShopDemo", "OpenJDK 64-Bit Server VM",
        "Debian", "17.0.15", 17, Instant.parse("2026-11-22T10:00:00Z"), 2, 6_000_000_000L,
        processCpuLoad);
    Report.Agent agent = new Report.Agent("0.1.0-test", "premain",
        Instant.parse("2026-11-22T10:00:01Z"), 12_000_000_000L,
        List.of(new Setting("cpu", "true", Source.ARGUMENT, "")),
        Map.of("timing", "on", "cpu", "on, 1 in 16 calls", "report", "every 10s and at exit"));
    Report.Health health = new Report.Health(snapshots.size(), snapshots.size(), 0, 0, 0, 0,
        List.of("option report.interval='soon' (agent argument): expected a duration"), null);
    return ReportBuilder.build(Instant.parse("2026-11-22T10:00:13Z"), true, run, agent, health,
        snapshots, memo);
  }

  /** A snapshot whose latencies are all {@code meanNanos} (a flat distribution). */
  static MethodSnapshot snapshot(MethodRef method, long calls, long errors, long totalNanos,
      long meanNanos, CpuSample cpu) {
    List<LatencySummary.Point> points = List.of(
        new LatencySummary.Point(0, meanNanos / 2), new LatencySummary.Point(50, meanNanos),
        new LatencySummary.Point(99, meanNanos * 2), new LatencySummary.Point(100, meanNanos * 3));
    LatencySummary latency = new LatencySummary(calls, meanNanos / 2, meanNanos, meanNanos,
        meanNanos * 2, meanNanos * 2, meanNanos * 3, meanNanos * 3, points);
    return new MethodSnapshot(method, calls, errors, totalNanos, latency, latency, errors, cpu);
  }
}
