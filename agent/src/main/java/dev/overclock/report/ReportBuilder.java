package dev.overclock.report;

import dev.overclock.metrics.Classification;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.offload.OffloadSnapshot;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns method snapshots into the {@link Report} model: sorts methods by total time, computes each
 * one's share and rate, classifies it and phrases its recommendation.
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
    return build(now, complete, run, agent, health, snapshots, memoSnapshots, List.of());
  }

  /** The report, with the figures of memoized and offloaded methods. */
  public static Report build(
      Instant now,
      boolean complete,
      Report.Run run,
      Report.Agent agent,
      Report.Health health,
      List<MethodSnapshot> snapshots,
      List<MemoSnapshot> memoSnapshots,
      List<OffloadSnapshot> offloadSnapshots) {
    long totalNanos = 0;
    long calls = 0;
    long errors = 0;
    for (MethodSnapshot snapshot : snapshots) {
      totalNanos += snapshot.totalNanos();
      calls += snapshot.calls();
      errors += snapshot.errors();
    }
    double seconds = Math.max(agent.uptimeNanos(), 1L) / 1e9;
    List<MethodReport> methods = new ArrayList<>(snapshots.size());
    boolean saturated = run.processCpuLoad() >= SATURATED_CPU_LOAD;
    for (MethodSnapshot snapshot : snapshots) {
      methods.add(method(snapshot, totalNanos, seconds, saturated));
    }
    methods.sort(
        Comparator.comparingLong(MethodReport::totalNanos)
            .reversed()
            .thenComparing(MethodReport::key));
    List<Report.Recommendation> recommendations = new ArrayList<>();
    for (MethodReport method : methods) {
      if (method.recommendation() != null && method.share() >= RECOMMENDATION_MIN_SHARE) {
        recommendations.add(
            new Report.Recommendation(
                method.name(), method.key(), recommendationKind(method.classification(), saturated),
                method.recommendation()));
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
        offloadSnapshots.stream().map(ReportBuilder::offload).toList());
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
      MethodSnapshot snapshot, long allNanos, double seconds, boolean saturated) {
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
    Classification classification = snapshot.classification();
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
        classification.label(),
        recommendation(classification, sample, saturated));
  }

  /**
   * One sentence with the evidence in numbers and the change that applies, or null.
   *
   * @param saturated whether the process kept (nearly) every core busy, so that waiting may be
   *     for a core rather than for I/O or a lock
   */
  static String recommendation(Classification classification, CpuSample sample, boolean saturated) {
    int cpuPercent = (int) Math.round(sample.cpuShare() * 100);
    int waitPercent = 100 - cpuPercent;
    if (saturated && classification != Classification.CPU_BOUND
        && classification != Classification.UNCLASSIFIED) {
      return String.format(
          Locale.ROOT,
          "off CPU %d%% of wall time (%d sampled calls), but the process kept nearly every core"
              + " busy: much of that wait may be for a core, which @Offload does not shorten;"
              + " run with fewer busy threads (or on more cores) before deciding",
          waitPercent, sample.sampledCalls());
    }
    switch (classification) {
      case CPU_BOUND:
        return String.format(
            Locale.ROOT,
            "cpu-bound (%d%% of wall time on CPU, %d sampled calls): if its arguments repeat,"
                + " @Memoize skips the work; otherwise the algorithm is where time goes",
            cpuPercent, sample.sampledCalls());
      case BLOCKING:
        return String.format(
            Locale.ROOT,
            "blocking %d%% of wall time (%d sampled calls): candidate for @Offload, so that"
                + " callers are not held while it waits",
            waitPercent, sample.sampledCalls());
      case MIXED:
        return String.format(
            Locale.ROOT,
            "mixed: %d%% CPU, %d%% waiting (%d sampled calls): separate the waiting part before"
                + " offloading or memoizing",
            cpuPercent, waitPercent, sample.sampledCalls());
      default:
        return null;
    }
  }

  private static String recommendationKind(String classification, boolean saturated) {
    if (saturated && !classification.equals("cpu-bound")) {
      return "investigate";
    }
    switch (classification) {
      case "cpu-bound":
        return "memoize";
      case "blocking":
        return "offload";
      default:
        return "investigate";
    }
  }
}
