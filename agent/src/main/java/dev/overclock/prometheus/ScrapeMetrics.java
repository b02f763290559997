package dev.overclock.prometheus;

import dev.overclock.config.Durations;
import dev.overclock.metrics.LatencySummary;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MemoReport;
import dev.overclock.report.MethodReport;
import dev.overclock.report.OffloadReport;
import dev.overclock.report.OptimizationReport;
import dev.overclock.report.PoolReport;
import dev.overclock.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link Scrape} into the metric families Overclock exports: the report model, renamed
 * to Prometheus's conventions (base units, {@code _total} counters, labels {@code class} and
 * {@code method}), with the number of methods bounded.
 *
 * <h2>Names</h2>
 *
 * Every figure the report shows once per JVM is a family of its own ({@code overclock_*}); every
 * per-method figure is a family with one sample per method ({@code overclock_method_*}, {@code
 * overclock_memo_*}). The JVM's own figures come from the report's JVM section (the live JFR
 * stream), under {@code overclock_jvm_*}, and only while it has read events: a JVM without JFR
 * has no such series rather than zeros. The features still to come add families in the same
 * shapes, under the names listed in the package documentation.
 *
 * <h2>Cardinality</h2>
 *
 * Only the {@code top} methods by total time are exported (the report's order), so that a filter
 * selecting thousands of methods cannot flood the Prometheus server with series; a gauge says how
 * many were left out. Total time is cumulative, so the exported set changes slowly. Overloads of
 * one method share {@code class} and {@code method}; they alone also get a {@code parameters}
 * label, so their series stay apart (overloads are instrumented together, when their class is, so
 * a series does not gain the label later).
 *
 * <h2>Quantiles</h2>
 *
 * A summary's quantiles cover the recent window, as OpenMetrics asks ("quantile values SHOULD
 * represent the recent values"); they are NaN when the method had no call in it. Its {@code _sum}
 * and {@code _count} are totals since the agent started, as counters must be, so {@code
 * rate(_sum[5m]) / rate(_count[5m])} is the mean latency over any range.
 */
final class ScrapeMetrics {

  /** The exported quantiles, with their label values as OpenMetrics writes them canonically. */
  private static final String[] QUANTILES = {"0.5", "0.9", "0.95", "0.99", "0.999"};

  private static final double NANOS_PER_SECOND = 1e9;

  private ScrapeMetrics() {}

  static List<MetricFamily> families(Scrape scrape, int top, Duration window) {
    Report report = scrape.report();
    List<MetricFamily> families = new ArrayList<>();
    Report.Run run = report.run();
    Report.Agent agent = report.agent();
    families.add(new MetricFamily("overclock", MetricType.INFO, "",
        "The Overclock agent and the JVM it measures.",
        List.of(Sample.of("_info", List.of(
            new Label("version", agent.version()),
            new Label("mode", agent.mode()),
            new Label("java_version", run.javaVersion()),
            new Label("jvm_name", run.jvmName()),
            new Label("jvm_vendor", run.jvmVendor())), 1L))));
    families.add(gauge("overclock_agent_start_time_seconds", "seconds",
        "When the agent started, in seconds since the Unix epoch: the start of every total.",
        Sample.of("", List.of(), agent.startedAt().toEpochMilli() / 1e3)));

    Report.Health health = report.health();
    families.add(gauge("overclock_instrumented_methods", "",
        "Methods that received timing advice.",
        Sample.of("", List.of(), (long) health.instrumentedMethods())));
    families.add(counter("overclock_instrumented_classes",
        "Class transformations that added advice (a retransformed class counts again).",
        health.instrumentedClasses()));
    families.add(counter("overclock_failed_classes",
        "Classes left uninstrumented because instrumenting them failed or their class loader"
            + " cannot see the agent's bridge; expected 0.",
        health.failedClasses()));
    families.add(counter("overclock_suppressed_advice_errors",
        "Throwables inside the agent's advice, caught so the application never saw them;"
            + " expected 0.",
        health.suppressedAdviceErrors()));
    families.add(counter("overclock_dropped_calls",
        "Calls not recorded because every stripe of their method stayed claimed; expected 0.",
        health.droppedCalls()));
    families.add(counter("overclock_report_write_errors",
        "Report file writes that failed.", health.reportWriteErrors()));
    families.add(gauge("overclock_configuration_problems", "",
        "Configuration problems and warnings, as listed in the report; expected 0.",
        Sample.of("", List.of(), (long) health.problems().size())));
    Report.Overhead overhead = health.overhead();
    if (overhead != null) {
      families.add(new MetricFamily("overclock_overhead_ratio", MetricType.GAUGE, "ratio",
          "The agent's cost as a share of the application's CPU time, over every period the"
              + " overhead governor measured (kind=run) or in its last period (kind=last).",
          List.of(Sample.of("", List.of(new Label("kind", "run")), overhead.overhead()),
              Sample.of("", List.of(new Label("kind", "last")), overhead.lastPeriod()))));
      families.add(gauge("overclock_overhead_budget_ratio", "ratio",
          "overhead.budget: the share of the application's CPU time the agent may take; 0 when"
              + " nothing is shed.",
          Sample.of("", List.of(), overhead.budget())));
      families.add(gauge("overclock_shed_steps", "",
          "Steps the overhead governor has shed now (0 to 6, in its documented order).",
          Sample.of("", List.of(), (long) overhead.shed().size())));
      if (overhead.agentJitNanos() >= 0) {
        families.add(new MetricFamily("overclock_agent_jit_seconds", MetricType.COUNTER,
            "seconds", "Compiler time the JIT spent on the agent's own code (compilations of 5 ms"
                + " or more, from JFR): shown, not in the overhead ratio.",
            List.of(Sample.of("_total", List.of(),
                overhead.agentJitNanos() / NANOS_PER_SECOND))));
      }
    }

    List<MethodReport> methods = report.methods();
    List<MethodReport> exported = methods.subList(0, Math.min(top, methods.size()));
    families.add(gauge("overclock_prometheus_omitted_methods", "",
        "Timed methods left out of this endpoint by prometheus.top (" + top + ", by total time).",
        Sample.of("", List.of(), (long) (methods.size() - exported.size()))));

    Map<String, Integer> overloads = new HashMap<>();
    for (MethodReport method : methods) {
      overloads.merge(method.className() + "::" + method.methodName(), 1, Integer::sum);
    }
    List<Sample> calls = new ArrayList<>(exported.size());
    List<Sample> errors = new ArrayList<>(exported.size());
    List<Sample> durations = new ArrayList<>(exported.size() * (QUANTILES.length + 2));
    List<Sample> sampling = new ArrayList<>(exported.size());
    for (MethodReport method : exported) {
      List<Label> labels = labels(method,
          overloads.get(method.className() + "::" + method.methodName()) > 1);
      calls.add(Sample.of("_total", labels, method.calls()));
      sampling.add(Sample.of("", labels, (long) method.sampleEvery()));
      errors.add(Sample.of("_total", labels, method.errors()));
      LatencySummary recent = scrape.recentLatency().getOrDefault(method.key(), LatencySummary.EMPTY);
      long[] nanos = {recent.p50Nanos(), recent.p90Nanos(), recent.p95Nanos(), recent.p99Nanos(),
          recent.p999Nanos()};
      for (int i = 0; i < QUANTILES.length; i++) {
        List<Label> withQuantile = new ArrayList<>(labels);
        withQuantile.add(new Label("quantile", QUANTILES[i]));
        durations.add(Sample.of("", withQuantile,
            unclocked(recent) ? Double.NaN : nanos[i] / NANOS_PER_SECOND));
      }
      // The sum of every call's duration, nested ones included, like _count (the report's
      // totalNanos counts outermost calls only): the exact mean times the calls, rounded back to
      // the whole nanoseconds it was computed from, so it reads 1.559109391, not 1.55910939099.
      long sumNanos = Math.round(method.latency().mean() * method.calls());
      durations.add(Sample.of("_sum", labels, sumNanos / NANOS_PER_SECOND));
      durations.add(Sample.of("_count", labels, method.calls()));
    }
    families.add(new MetricFamily("overclock_method_calls", MetricType.COUNTER, "",
        "Completed calls of a timed method, nested (recursive) calls included.", calls));
    families.add(new MetricFamily("overclock_method_errors", MetricType.COUNTER, "",
        "Calls of a timed method that ended by throwing.", errors));
    families.add(new MetricFamily("overclock_method_duration_seconds", MetricType.SUMMARY,
        "seconds",
        "Latency of a timed method: quantiles over about the last " + Durations.format(window)
            + " (within 1%), sum and count since the agent started.",
        durations));
    families.add(new MetricFamily("overclock_timing_sample_every", MetricType.GAUGE, "",
        "1 when every call of a timed method is clocked; N when one call in N is (sampled"
            + " timing: quantiles from those, calls and errors still exact).",
        sampling));
    families.add(gauge("overclock_auto_instrumented_methods", "",
        "Methods timed because JFR sampling found them hot (auto=timing), and timed now.",
        Sample.of("", List.of(), methods.stream()
            .filter(method -> method.auto() != null && "timed".equals(method.auto().state()))
            .count())));
    memo(report.memoized(), top, families);
    optimizations(report, families);
    jvm(report.jvm(), families);
    offload(report, families);
    pools(report.pools(), families);
    return families;
  }

  /**
   * Whether the window holds no clocked call: none at all, or only the counted calls of a
   * sampled method between two clocked ones (no latency to tell).
   */
  private static boolean unclocked(LatencySummary recent) {
    return recent.calls() == 0 || (recent.maxNanos() == 0 && recent.distribution().isEmpty());
  }

  /** The caches of memoized methods, at most {@code top} of them, in the report's order. */
  private static void memo(List<MemoReport> memoized, int top, List<MetricFamily> families) {
    if (memoized.isEmpty()) {
      return;
    }
    List<MemoReport> exported = memoized.subList(0, Math.min(top, memoized.size()));
    Map<String, Integer> overloads = new HashMap<>();
    for (MemoReport method : memoized) {
      overloads.merge(method.className() + "::" + method.methodName(), 1, Integer::sum);
    }
    List<Sample> hits = new ArrayList<>(exported.size());
    List<Sample> misses = new ArrayList<>(exported.size());
    List<Sample> evictions = new ArrayList<>(exported.size());
    List<Sample> entries = new ArrayList<>(exported.size());
    for (MemoReport method : exported) {
      List<Label> labels = labels(method.className(), method.methodName(), method.parameters(),
          overloads.get(method.className() + "::" + method.methodName()) > 1);
      hits.add(Sample.of("_total", labels, method.hits()));
      misses.add(Sample.of("_total", labels, method.misses()));
      evictions.add(Sample.of("_total", labels, method.evictions()));
      entries.add(Sample.of("", labels, method.size()));
    }
    families.add(new MetricFamily("overclock_memo_hits", MetricType.COUNTER, "",
        "Calls of a memoized method answered from its cache, without running it.", hits));
    families.add(new MetricFamily("overclock_memo_misses", MetricType.COUNTER, "",
        "Calls of a memoized method that ran it because no result was cached.", misses));
    families.add(new MetricFamily("overclock_memo_evictions", MetricType.COUNTER, "",
        "Results of a memoized method removed from its cache (size bound or expiry).",
        evictions));
    families.add(new MetricFamily("overclock_memo_entries", MetricType.GAUGE, "",
        "Results a memoized method's cache holds now.", entries));
  }

  /**
   * The changes {@code auto=optimize} made on its own, as counters with no method label (a run
   * makes few, and each is in the report's {@code optimizations[]} by name), labelled by the kind
   * of change: {@code memoize} while its memoization runs, {@code pool} while it moves thread
   * pools to virtual threads on evidence; each kind present from the start, so that every counter
   * starts at 0. Counted from the report's list of changes, which keeps every change applied (only
   * refusals beyond 200 are dropped, and those are no counter here).
   */
  private static void optimizations(Report report, List<MetricFamily> families) {
    List<ChangeCounts> kinds = new ArrayList<>();
    if (report.agent().features().getOrDefault("memoization", "").contains("auto=optimize")) {
      kinds.add(new ChangeCounts("memoize", OptimizationReport.UNDONE_BECAUSE,
          List.of("verifying", "applied")));
    }
    if (report.agent().features().getOrDefault("offload.executors", "")
        .startsWith("virtual on evidence")) {
      kinds.add(new ChangeCounts("pool", OptimizationReport.POOL_UNDONE_BECAUSE,
          List.of("applied")));
    }
    if (kinds.isEmpty()) {
      return;
    }
    for (OptimizationReport change : report.optimizations()) {
      for (ChangeCounts kind : kinds) {
        if (kind.change.equals(change.change())) {
          kind.count(change);
        }
      }
    }
    List<Sample> applied = new ArrayList<>();
    List<Sample> verified = new ArrayList<>();
    List<Sample> mismatches = new ArrayList<>();
    List<Sample> byReason = new ArrayList<>();
    List<Sample> now = new ArrayList<>();
    for (ChangeCounts kind : kinds) {
      List<Label> label = List.of(new Label("change", kind.change));
      applied.add(Sample.of("_total", label, kind.applied));
      if (kind.change.equals("memoize")) {
        verified.add(Sample.of("_total", label, kind.verified));
        mismatches.add(Sample.of("_total", label, kind.mismatches));
      }
      kind.undone.forEach((because, count) -> byReason.add(Sample.of("_total",
          List.of(new Label("change", kind.change), new Label("reason", because)), count)));
      kind.live.forEach((state, count) -> now.add(Sample.of("",
          List.of(new Label("change", kind.change), new Label("state", state)), count)));
    }
    families.add(new MetricFamily("overclock_optimize_applied", MetricType.COUNTER, "",
        "Changes auto=optimize applied on its own (memoization of a method nobody annotated, a"
            + " thread pool moved to virtual threads).", applied));
    if (!verified.isEmpty()) {
      families.add(new MetricFamily("overclock_optimize_verified_calls", MetricType.COUNTER, "",
          "Calls of an automatically memoized method that ran it anyway to compare with the"
              + " cache.", verified));
      families.add(new MetricFamily("overclock_optimize_mismatches", MetricType.COUNTER, "",
          "Verified calls that disagreed with the cache (another result, or changed arguments).",
          mismatches));
    }
    families.add(new MetricFamily("overclock_optimize_undone", MetricType.COUNTER, "",
        "Changes auto=optimize took back, by reason.", byReason));
    families.add(new MetricFamily("overclock_optimize_active", MetricType.GAUGE, "",
        "Changes in effect now: verifying (a memoization whose cache serves nothing yet) or"
            + " applied.", now));
  }

  /** One kind of {@code auto=optimize} change's counts, from the report's list of changes. */
  private static final class ChangeCounts {
    final String change;
    long applied;
    long verified;
    long mismatches;
    final Map<String, Long> undone = new java.util.LinkedHashMap<>();
    final Map<String, Long> live = new java.util.LinkedHashMap<>();

    ChangeCounts(String change, List<String> undoneBecause, List<String> liveStates) {
      this.change = change;
      undoneBecause.forEach(because -> undone.put(because, 0L));
      liveStates.forEach(state -> live.put(state, 0L));
    }

    void count(OptimizationReport change) {
      if (change.state().equals("refused")) {
        return;
      }
      applied++;
      verified += change.verifyChecks();
      live.computeIfPresent(change.state(), (state, count) -> count + 1);
      if (change.undoneBecause() != null) {
        undone.merge(change.undoneBecause(), 1L, Long::sum);
      }
      if ("mismatch".equals(change.undoneBecause())
          || "arguments-changed".equals(change.undoneBecause())) {
        mismatches++;
      }
    }
  }

  /**
   * The JVM's figures from the live JFR stream: totals since the stream started (pauses,
   * allocation), so that {@code rate()} gives the allocation rate and the pause time per second,
   * and the latest CPU load.
   */
  private static void jvm(JvmReport jvm, List<MetricFamily> families) {
    if (jvm == null) {
      return;
    }
    JvmReport.Gc gc = jvm.gc();
    families.add(new MetricFamily("overclock_jvm_gc_pause_seconds", MetricType.SUMMARY,
        "seconds",
        "Stop-the-world pause of each garbage collection since the JFR stream started:"
            + " quantiles over all of them, sum and count.",
        List.of(
            Sample.of("", List.of(new Label("quantile", "0.5")),
                gc.collections() == 0 ? Double.NaN : gc.p50PauseNanos() / NANOS_PER_SECOND),
            Sample.of("", List.of(new Label("quantile", "0.99")),
                gc.collections() == 0 ? Double.NaN : gc.p99PauseNanos() / NANOS_PER_SECOND),
            Sample.of("_sum", List.of(), gc.totalPauseNanos() / NANOS_PER_SECOND),
            Sample.of("_count", List.of(), gc.collections()))));
    families.add(new MetricFamily("overclock_jvm_allocated_bytes", MetricType.COUNTER, "bytes",
        "Bytes allocated since the JFR stream started, estimated from its allocation samples.",
        List.of(Sample.of("_total", List.of(), jvm.allocation().bytes()))));
    List<JvmReport.CpuPoint> series = jvm.cpu().series();
    if (!series.isEmpty()) {
      JvmReport.CpuPoint latest = series.get(series.size() - 1);
      families.add(new MetricFamily("overclock_jvm_cpu_ratio", MetricType.GAUGE, "ratio",
          "Share of all processors in use lately (jdk.CPULoad): by this JVM (kind=process) or"
              + " by the whole machine (kind=machine).",
          List.of(Sample.of("", List.of(new Label("kind", "process")), latest.process()),
              Sample.of("", List.of(new Label("kind", "machine")), latest.machine()))));
    }
  }

  /**
   * The offload families, one sample per offloaded method (few: each was chosen by hand), present
   * only while offload is on.
   */
  private static void offload(Report report, List<MetricFamily> families) {
    if (!report.agent().features().getOrDefault("offload", "off").startsWith("on")) {
      return;
    }
    Map<String, Integer> overloads = new HashMap<>();
    for (OffloadReport method : report.offloaded()) {
      overloads.merge(method.className() + "::" + method.methodName(), 1, Integer::sum);
    }
    List<Sample> inFlight = new ArrayList<>();
    List<Sample> timeouts = new ArrayList<>();
    List<Sample> rejections = new ArrayList<>();
    List<Sample> failures = new ArrayList<>();
    for (OffloadReport method : report.offloaded()) {
      List<Label> labels = labels(method.className(), method.methodName(), method.parameters(),
          overloads.get(method.className() + "::" + method.methodName()) > 1);
      inFlight.add(Sample.of("", labels, (long) method.inFlight()));
      timeouts.add(Sample.of("_total", labels, method.timeouts()));
      rejections.add(Sample.of("_total", labels, method.rejections()));
      failures.add(Sample.of("_total", labels, method.failures()));
    }
    families.add(new MetricFamily("overclock_offload_in_flight", MetricType.GAUGE, "",
        "Bodies of an offloaded method running now.", inFlight));
    families.add(new MetricFamily("overclock_offload_timeouts", MetricType.COUNTER, "",
        "Offloaded bodies interrupted after their timeout.", timeouts));
    families.add(new MetricFamily("overclock_offload_rejections", MetricType.COUNTER, "",
        "Offloaded calls rejected: no free slot of maxConcurrency within queueTimeout.",
        rejections));
    families.add(new MetricFamily("overclock_offload_failures", MetricType.COUNTER, "",
        "Offloaded bodies that threw.", failures));
  }

  /**
   * The thread-pool families ({@code offload.executors}), one sample per creation site: pools
   * made at one site (one per request, say) add up, so that the series stay as few as the sites.
   * Present only while some pool is reported.
   */
  private static void pools(List<PoolReport> pools, List<MetricFamily> families) {
    if (pools.isEmpty()) {
      return;
    }
    Map<String, List<PoolReport>> bySite = new java.util.LinkedHashMap<>();
    for (PoolReport pool : pools) {
      bySite.computeIfAbsent(pool.where(), site -> new ArrayList<>()).add(pool);
    }
    List<Sample> tasks = new ArrayList<>();
    List<Sample> onVirtual = new ArrayList<>();
    List<Sample> running = new ArrayList<>();
    List<Sample> queued = new ArrayList<>();
    List<Sample> limit = new ArrayList<>();
    List<Sample> pinned = new ArrayList<>();
    List<Sample> blocked = new ArrayList<>();
    for (List<PoolReport> site : bySite.values()) {
      PoolReport first = site.get(0);
      List<Label> labels = List.of(new Label("class", first.className()),
          new Label("method", first.methodName()),
          new Label("line", first.line() > 0 ? Integer.toString(first.line()) : ""));
      long virtualTasks = 0;
      long platformTasks = 0;
      long virtual = 0;
      long now = 0;
      long waiting = 0;
      long highestLimit = 0;
      long pinnedEvents = 0;
      double blockedSum = 0;
      long sampled = 0;
      for (PoolReport report : site) {
        dev.overclock.offload.PoolSnapshot pool = report.pool();
        virtualTasks += pool.virtualTasks();
        platformTasks += pool.platformTasks();
        virtual += pool.state().equals("virtual") ? 1 : 0;
        now += pool.running();
        waiting += pool.queued();
        highestLimit = Math.max(highestLimit, pool.limit());
        pinnedEvents += pool.pinnedEvents();
        if (pool.evidence().sampled() > 0) {
          blockedSum += pool.evidence().blockedShare() * pool.evidence().sampled();
          sampled += pool.evidence().sampled();
        }
      }
      tasks.add(Sample.of("_total", with(labels, new Label("threads", "virtual")), virtualTasks));
      tasks.add(Sample.of("_total", with(labels, new Label("threads", "platform")), platformTasks));
      onVirtual.add(Sample.of("", labels, virtual));
      running.add(Sample.of("", labels, now));
      queued.add(Sample.of("", labels, waiting));
      limit.add(Sample.of("", labels, highestLimit));
      pinned.add(Sample.of("_total", labels, pinnedEvents));
      blocked.add(Sample.of("", labels, sampled == 0 ? Double.NaN : blockedSum / sampled));
    }
    families.add(new MetricFamily("overclock_pool_tasks", MetricType.COUNTER, "",
        "Tasks run by the thread pools created at a site, on virtual or platform threads.",
        tasks));
    families.add(new MetricFamily("overclock_pool_virtual", MetricType.GAUGE, "",
        "Thread pools created at a site whose new tasks run on virtual threads now.", onVirtual));
    families.add(new MetricFamily("overclock_pool_running_tasks", MetricType.GAUGE, "",
        "Tasks of the thread pools created at a site running now.", running));
    families.add(new MetricFamily("overclock_pool_queued_tasks", MetricType.GAUGE, "",
        "Tasks of the thread pools created at a site waiting to start now.", queued));
    families.add(new MetricFamily("overclock_pool_concurrency_limit", MetricType.GAUGE, "",
        "Adaptive limit on tasks at once on virtual threads (the highest of a site's pools).",
        limit));
    families.add(new MetricFamily("overclock_pool_pinned_events", MetricType.COUNTER, "",
        "jdk.VirtualThreadPinned events of the tasks of the pools created at a site.", pinned));
    families.add(new MetricFamily("overclock_pool_blocked_ratio", MetricType.GAUGE, "",
        "Share of sampled tasks' time off the CPU: the evidence of waiting (NaN before any).",
        blocked));
  }

  private static List<Label> with(List<Label> labels, Label more) {
    List<Label> all = new ArrayList<>(labels);
    all.add(more);
    return List.copyOf(all);
  }

  private static List<Label> labels(MethodReport method, boolean overloaded) {
    return labels(method.className(), method.methodName(), method.parameters(), overloaded);
  }

  private static List<Label> labels(
      String className, String methodName, String parameters, boolean overloaded) {
    List<Label> labels = new ArrayList<>(3);
    labels.add(new Label("class", className));
    labels.add(new Label("method", methodName));
    if (overloaded) {
      labels.add(new Label("parameters", "(" + parameters + ")"));
    }
    return List.copyOf(labels);
  }

  private static MetricFamily counter(String name, String help, long value) {
    return new MetricFamily(name, MetricType.COUNTER, "", help,
        List.of(Sample.of("_total", List.of(), value)));
  }

  private static MetricFamily gauge(String name, String unit, String help, Sample sample) {
    return new MetricFamily(name, MetricType.GAUGE, unit, help, List.of(sample));
  }
}
