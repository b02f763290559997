package dev.overclock.report;

import dev.overclock.metrics.Classification;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.OffloadSnapshot;
import java.util.Locale;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns method snapshots into the {@link Report} model: sorts methods by total time, computes each
 * one's share and rate, classifies it and phrases its recommendation ({@link MethodRecommender}).
 */
public final class ReportBuilder {

  /** Methods below this share of total time get no report-level recommendation. */
  static final double RECOMMENDATION_MIN_SHARE = 0.01;

  /**
   * At this average CPU load of the whole process, off-CPU time is no longer evidence of
   * blocking: runnable threads also wait for a core, which offloading does not shorten.
   */
  static final double SATURATED_CPU_LOAD = 0.85;

  private ReportBuilder() {}

  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots) {
    return build(now, complete, run, agent, health, snapshots, List.of());
  }

  /** The report, with the figures of memoized methods. */
  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots,
      List<MemoSnapshot> memoSnapshots) {
    return build(now, complete, run, agent, health, snapshots, memoSnapshots, null,
        MethodInsights.NONE);
  }

  /**
   * The report, with the figures of memoized methods and what JFR told.
   *
   * @param jvm the JVM section, or {@code null} when no JFR events were read
   * @param insights what is known about each method beyond its timings
   */
  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots,
      List<MemoSnapshot> memoSnapshots,
      JvmReport jvm,
      MethodInsights insights) {
    return build(now, complete, run, agent, health, snapshots, memoSnapshots, List.of(), jvm,
        insights);
  }

  /** The report, with the figures of memoized and offloaded methods, without JFR's. */
  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots,
      List<MemoSnapshot> memoSnapshots,
      List<OffloadSnapshot> offloadSnapshots) {
    return build(now, complete, run, agent, health, snapshots, memoSnapshots, offloadSnapshots,
        null, MethodInsights.NONE);
  }

  /**
   * The report, with the figures of memoized and offloaded methods and what JFR told.
   *
   * @param jvm the JVM section, or {@code null} when no JFR events were read
   * @param insights what is known about each method beyond its timings
   */
  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots,
      List<MemoSnapshot> memoSnapshots,
      List<OffloadSnapshot> offloadSnapshots,
      JvmReport jvm,
      MethodInsights insights) {
    long totalNanos = 0;
    long calls = 0;
    long errors = 0;
    for (MethodSnapshot snapshot : snapshots) {
      totalNanos += snapshot.totalNanos();
      calls += snapshot.calls();
      errors += snapshot.errors();
    }
    double seconds = Math.max(agent.uptimeNanos(), 1L) / 1e9;
    long sampleInterval = jvm == null ? 0 : jvm.observedSampleIntervalNanos();
    List<MethodReport> methods = new ArrayList<>(snapshots.size());
    Map<String, MethodRecommender.Suggestion> suggestions = new HashMap<>();
    boolean saturated = run.processCpuLoad() >= SATURATED_CPU_LOAD;
    Map<String, MemoSnapshot> memoByKey = new HashMap<>();
    for (MemoSnapshot memo : memoSnapshots) {
      memoByKey.put(memo.method().key(), memo);
    }
    for (MethodSnapshot snapshot : snapshots) {
      MethodReport.Evidence evidence = insights.evidence(snapshot);
      MethodReport.Arguments arguments = insights.arguments(snapshot);
      MethodRecommender.Verdict verdict =
          MethodRecommender.classify(snapshot, evidence, sampleInterval);
      MethodRecommender.Suggestion said =
          MethodRecommender.recommend(snapshot, verdict, evidence, arguments, saturated,
              memoByKey.get(snapshot.method().key()));
      if (said != null) {
        suggestions.put(snapshot.method().key(), said);
      }
      methods.add(method(snapshot, totalNanos, seconds, verdict, said, insights.auto(snapshot),
          evidence, arguments));
    }
    methods.sort(
        Comparator.comparingLong(MethodReport::totalNanos)
            .reversed()
            .thenComparing(MethodReport::key));
    List<Report.Recommendation> recommendations = new ArrayList<>();
    for (MethodReport method : methods) {
      MethodRecommender.Suggestion said = suggestions.get(method.key());
      if (said != null && said.kind() != null && method.share() >= RECOMMENDATION_MIN_SHARE) {
        recommendations.add(new Report.Recommendation(method.name(), method.key(), said.kind(),
            said.text(), said.savingNanos(), said.apply(), said.config()));
      }
    }
    return new Report(
        Report.SCHEMA_VERSION,
        now,
        complete,
        run,
        agent,
        health,
        new Report.Totals(methods.size(), calls, errors, totalNanos),
        methods,
        recommendations,
        memoSnapshots.stream().map(ReportBuilder::memo).toList(),
        offloadSnapshots.stream().map(ReportBuilder::offload).toList(),
        jvm,
        null,
        List.of(),
        List.of());
  }

  private static OffloadReport offload(OffloadSnapshot snapshot) {
    MethodRef method = snapshot.method();
    OffloadSettings settings = snapshot.settings();
    LatencySummary latency = snapshot.latency();
    List<MethodReport.Percentile> distribution = new ArrayList<>();
    for (LatencySummary.Point point : latency.distribution()) {
      distribution.add(new MethodReport.Percentile(point.percentile(), point.nanos()));
    }
    return new OffloadReport(
        method.key(),
        method.name(),
        method.className(),
        method.methodName(),
        method.descriptor(),
        method.parameters(),
        method.selectedBy(),
        snapshot.mode().label(),
        snapshot.carrier(),
        new OffloadReport.Settings(
            settings.timeoutNanos() == 0 ? null : settings.timeoutNanos(),
            settings.maxConcurrency() == 0 ? null : settings.maxConcurrency(),
            settings.maxConcurrency() == 0 || settings.queueTimeoutNanos() < 0
                ? null : settings.queueTimeoutNanos()),
        snapshot.calls(),
        snapshot.inFlight(),
        snapshot.maxInFlight(),
        snapshot.queueWaits(),
        snapshot.timeouts(),
        snapshot.rejections(),
        snapshot.failures(),
        new MethodReport.Latency(latency.minNanos(), latency.meanNanos(), latency.p50Nanos(),
            latency.p90Nanos(), latency.p99Nanos(), latency.p999Nanos(), latency.maxNanos()),
        distribution,
        snapshot.pinned() == 0 ? null : new OffloadReport.Pinning(snapshot.pinned(),
            snapshot.pinnedMaxNanos(), snapshot.pinnedStack(), snapshot.pinFix()));
  }

  private static MemoReport memo(MemoSnapshot snapshot) {
    MethodRef method = snapshot.method();
    MemoSettings settings = snapshot.settings();
    return new MemoReport(
        method.key(),
        method.name(),
        method.className(),
        method.methodName(),
        method.descriptor(),
        method.parameters(),
        method.selectedBy(),
        snapshot.state(),
        snapshot.reason(),
        snapshot.evidence(),
        settings == null ? null : new MemoReport.Settings(settings.maxSize(),
            settings.expireAfterWrite().toNanos(), settings.verify(), settings.verifyRate()),
        snapshot.hits(),
        snapshot.misses(),
        snapshot.checks(),
        snapshot.checkFailures(),
        snapshot.hitRatio(),
        snapshot.waits(),
        snapshot.evictions(),
        snapshot.size(),
        snapshot.meanMissNanos(),
        snapshot.savedNanos());
  }

  private static MethodReport method(
      MethodSnapshot snapshot,
      long allNanos,
      double seconds,
      MethodRecommender.Verdict verdict,
      MethodRecommender.Suggestion suggestion,
      MethodReport.Auto auto,
      MethodReport.Evidence evidence,
      MethodReport.Arguments arguments) {
    LatencySummary latency = snapshot.latency();
    List<MethodReport.Percentile> distribution = new ArrayList<>();
    for (LatencySummary.Point point : latency.distribution()) {
      distribution.add(new MethodReport.Percentile(point.percentile(), point.nanos()));
    }
    CpuSample sample = snapshot.cpu();
    MethodReport.Cpu cpu =
        sample.sampledCalls() == 0
            ? null
            : new MethodReport.Cpu(
                sample.sampledCalls(),
                sample.cpuNanosPerCall(),
                (double) sample.wallNanos() / sample.sampledCalls(),
                sample.cpuShare(),
                sample.allocatedBytesPerCall());
    return new MethodReport(
        snapshot.method().key(),
        snapshot.method().name(),
        snapshot.method().className(),
        snapshot.method().methodName(),
        snapshot.method().descriptor(),
        snapshot.method().parameters(),
        snapshot.method().selectedBy(),
        snapshot.calls(),
        snapshot.errors(),
        snapshot.calls() / seconds,
        new MethodReport.Latency(
            latency.minNanos(),
            latency.meanNanos(),
            latency.p50Nanos(),
            latency.p90Nanos(),
            latency.p99Nanos(),
            latency.p999Nanos(),
            latency.maxNanos()),
        snapshot.totalNanos(),
        allNanos == 0 ? 0 : (double) snapshot.totalNanos() / allNanos,
        distribution,
        cpu,
        verdict.classification().label(),
        suggestion == null ? null : suggestion.text(),
        verdict.classification() == Classification.UNCLASSIFIED ? null : verdict.basis(),
        auto,
        evidence,
        arguments,
        latency.histogram(), snapshot.sampleEvery());
  }
}
