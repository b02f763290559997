package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.memo.MemoSettings;
import dev.overclock.memo.MemoSnapshot;
import dev.overclock.metrics.Classification;
import dev.overclock.metrics.CpuSample;
import dev.overclock.metrics.MethodRef;
import dev.overclock.metrics.MethodSnapshot;
import org.junit.jupiter.api.Test;

class MethodRecommenderTest {

  private static final long INTERVAL = 20_000_000L;
  private static final MethodRef ROUTE =
      new MethodRef("com.acme.shop.RoutePlanner", "shortestPath", "(II)I", "auto");

  /** The same method, returning nothing: its callers need no result, so offloading frees them. */
  private static final MethodRef ROUTE_VOID =
      new MethodRef("com.acme.shop.RoutePlanner", "shortestPath", "(II)V", "auto");

  private static MethodSnapshot snapshot(long totalNanos, CpuSample cpu) {
    return ReportFixtures.snapshot(ROUTE, 1_000, 0, totalNanos, totalNanos / 1_000, cpu);
  }

  private static MethodSnapshot voidSnapshot(long totalNanos, CpuSample cpu) {
    return ReportFixtures.snapshot(ROUTE_VOID, 1_000, 0, totalNanos, totalNanos / 1_000, cpu);
  }

  private static MethodReport.Evidence evidence(long samples, long wallNanos, long ioNanos,
      long events, long virtualEvents) {
    long cpu = samples * INTERVAL;
    return new MethodReport.Evidence(samples, cpu, wallNanos,
        Math.min(1.0, (double) cpu / wallNanos), 0, ioNanos, 0, events, virtualEvents);
  }

  @Test
  void withoutMeasuredCpu_jfrSamplesClassify_onceThereIsEnoughWallTime() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);

    MethodRecommender.Verdict verdict =
        MethodRecommender.classify(method, evidence(95, 2_000_000_000L, 0, 0, 0), INTERVAL);
    assertThat(verdict.classification()).isEqualTo(Classification.CPU_BOUND);
    assertThat(verdict.basis()).isEqualTo("jfr");
    assertThat(verdict.cpuShare()).isEqualTo(0.95);

    // 24 intervals of wall time: too little to tell
    assertThat(MethodRecommender.classify(method, evidence(1, 24 * INTERVAL, 0, 0, 0), INTERVAL)
        .classification()).isEqualTo(Classification.UNCLASSIFIED);
    assertThat(MethodRecommender.classify(method, null, INTERVAL).basis()).isNull();
  }

  private static final long RAISED = 50_000_000L;

  private static MethodReport.Evidence raised(MethodReport.Evidence e, long thresholdNanos) {
    return new MethodReport.Evidence(e.executionSamples(), e.sampledCpuNanos(), e.wallNanos(),
        e.cpuShare(), e.lockNanos(), e.ioNanos(), e.sleepNanos(), e.blockingEvents(),
        e.virtualThreadEvents(), thresholdNanos);
  }

  @Test
  void underARaisedBlockingThreshold_offCpuTimeNoEventExplains_leavesTheMethodUnclassified() {
    // What an HTTP client's method looked like in the http workload once the governor raised the
    // threshold to 50 ms: 131 s of calls of ~21 ms, 5 samples at the sampler's 126 ms (its
    // interval shed too), 3 lock events.
    MethodSnapshot method = snapshot(131_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence seen = new MethodReport.Evidence(5, 630_000_000L, 131_000_000_000L,
        630e6 / 131e9, 160_000_000L, 0, 0, 3, 0);

    // Under the configured threshold throughout, the unexplained time is read as unseen CPU.
    assertThat(MethodRecommender.classify(method, seen, INTERVAL).classification())
        .isEqualTo(Classification.CPU_BOUND);

    MethodReport.Evidence hidden = raised(seen, RAISED);
    MethodRecommender.Verdict verdict = MethodRecommender.classify(method, hidden, INTERVAL);
    assertThat(verdict.classification()).isEqualTo(Classification.UNCLASSIFIED);
    assertThat(verdict.basis()).isEqualTo("jfr");
    MethodRecommender.Suggestion said =
        MethodRecommender.recommend(method, verdict, hidden, null, false);
    assertThat(said.kind()).isNull();
    assertThat(said.text()).startsWith("not classified: 0% of its wall time was seen on CPU (5 JFR"
        + " execution samples) and blocking events explain 0% of the rest")
        .contains("raised JFR's blocking-event threshold to 50");
  }

  @Test
  void underARaisedBlockingThreshold_whatTheEvidenceShowsOnItsOwn_stillClassifies() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);
    // Mostly seen on CPU: samples can only under-count, so CPU-bound stands.
    assertThat(MethodRecommender.classify(method, raised(evidence(95, 2_000_000_000L, 0, 0, 0),
        RAISED), INTERVAL).classification()).isEqualTo(Classification.CPU_BOUND);
    // Blocking events explain most of the off-CPU time: blocking stands.
    assertThat(MethodRecommender.classify(method, raised(evidence(5, 2_000_000_000L,
        1_800_000_000L, 20, 0), RAISED), INTERVAL).classification())
        .isEqualTo(Classification.BLOCKING);
    // And without samples there is nothing to read as CPU in the first place.
    assertThat(MethodRecommender.classify(method, raised(evidence(0, 2_000_000_000L, 0, 0, 0),
        RAISED), INTERVAL).classification()).isEqualTo(Classification.BLOCKING);
  }

  @Test
  void measuredCpu_winsOverJfrSamples() {
    MethodSnapshot method = snapshot(2_000_000_000L, new CpuSample(20, 1_000_000, 100_000, 0));

    MethodRecommender.Verdict verdict =
        MethodRecommender.classify(method, evidence(95, 2_000_000_000L, 0, 0, 0), INTERVAL);

    assertThat(verdict.classification()).isEqualTo(Classification.BLOCKING);
    assertThat(verdict.basis()).isEqualTo("cpu-time");
  }

  @Test
  void cpuBound_withRepeatingArguments_recommendsMemoize_withSavingAndTheLinesThatApplyIt() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(100, 2_000_000_000L, 0, 0, 0);
    MethodRecommender.Verdict verdict = MethodRecommender.classify(method, jfr, INTERVAL);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(method, verdict, jfr,
        new MethodReport.Arguments(500, 50, 0.9, true), false);

    assertThat(suggestion.kind()).isEqualTo("memoize");
    assertThat(suggestion.savingNanos()).isEqualTo(1_800_000_000L);
    assertThat(suggestion.text()).startsWith("cpu-bound (100% of wall time on CPU, 100 JFR execution"
        + " samples, about 2.00 s on CPU in the 2.00 s its calls took since JFR sampling began"
        + " (summed over threads)) and 90% of 500 sampled calls"
        + " repeated earlier arguments (50 distinct)").contains("saving about 1.80 s of the 2.00 s");
    assertThat(suggestion.apply())
        .isEqualTo("@dev.overclock.annotations.Memoize on com.acme.shop.RoutePlanner::shortestPath(int, int)");
    assertThat(suggestion.config()).isEqualTo("memoize=com.acme.shop.RoutePlanner::shortestPath");
  }

  /**
   * Issue 19: "5.12 s on CPU in 2.83 s of timed calls" beside a table saying 3.89 s read as a
   * contradiction. The text says which period its time covers, and that a samples' estimate
   * above it means the method was on CPU all of it.
   */
  @Test
  void samplesEstimatingMoreCpuThanTheCallsTook_sayItIsAnEstimate_ofThePeriodSinceSampling() {
    MethodSnapshot method = snapshot(3_890_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(256, 2_830_000_000L, 0, 0, 0);
    MethodRecommender.Verdict verdict = MethodRecommender.classify(method, jfr, INTERVAL);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(method, verdict, jfr,
        new MethodReport.Arguments(500, 50, 0.9, true), false);

    assertThat(suggestion.text()).contains("256 JFR execution samples, an estimated 5.12 s on"
        + " CPU, more than the 2.83 s its calls took since JFR sampling began (summed over"
        + " threads), so all of it");
  }

  @Test
  void cpuBound_withArgumentsThatRarelyRepeat_isNotAMemoizationCandidate() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(100, 2_000_000_000L, 0, 0, 0);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(method,
        MethodRecommender.classify(method, jfr, INTERVAL), jfr,
        new MethodReport.Arguments(500, 400, 0.2, true), false);

    assertThat(suggestion.kind()).isEqualTo("investigate");
    assertThat(suggestion.text()).contains("only 20% of 500 sampled calls repeated", "under the 50%");
    assertThat(suggestion.apply()).isNull();
    assertThat(suggestion.savingNanos()).isEqualTo(-1);
  }

  @Test
  void blocking_onPlatformThreads_recommendsOffload_namingWhatItWaitedOn() {
    MethodSnapshot method = voidSnapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(10, 4_000_000_000L, 3_000_000_000L, 300, 0);

    MethodRecommender.Suggestion suggestion =
        MethodRecommender.recommend(
            method, MethodRecommender.classify(method, jfr, INTERVAL), jfr, null, true);

    assertThat(suggestion.kind()).isEqualTo("offload");
    assertThat(suggestion.text()).startsWith("blocking 95% of wall time (10 JFR execution samples")
        .contains("JFR saw it wait in I/O 3.00 s (300 events)", "@Offload");
    assertThat(suggestion.savingNanos()).isEqualTo(3_800_000_000L);
    assertThat(suggestion.config()).isEqualTo("offload=com.acme.shop.RoutePlanner::shortestPath");
  }

  @Test
  void blocking_onVirtualThreads_isNotAnOffloadCandidate() {
    MethodSnapshot method = snapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(10, 4_000_000_000L, 3_000_000_000L, 100, 95);

    MethodRecommender.Suggestion suggestion =
        MethodRecommender.recommend(
            method, MethodRecommender.classify(method, jfr, INTERVAL), jfr, null, false);

    assertThat(suggestion.kind()).isEqualTo("investigate");
    assertThat(suggestion.text()).contains("95 of its 100 blocking events were on virtual threads");
  }

  @Test
  void saturationCaveat_appliesToMeasuredCpuTimeOnly() {
    MethodSnapshot measured = snapshot(4_000_000_000L, new CpuSample(40, 88_000_000, 4_000_000, 0));
    MethodRecommender.Suggestion caveat = MethodRecommender.recommend(measured,
        MethodRecommender.classify(measured, null, INTERVAL), null, null, true);
    assertThat(caveat.kind()).isEqualTo("investigate");
    assertThat(caveat.text()).contains("wait may be for a core");

    // A thread waiting for a core is still "in Java" for JFR's sampler: JFR's evidence of waiting
    // (blocking events) holds on a saturated machine too.
    MethodSnapshot sampled = voidSnapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(10, 4_000_000_000L, 3_000_000_000L, 300, 0);
    MethodRecommender.Suggestion offload = MethodRecommender.recommend(sampled,
        MethodRecommender.classify(sampled, jfr, INTERVAL), jfr, null, true);
    assertThat(offload.kind()).isEqualTo("offload");
  }

  @Test
  void offCpuTimeNoBlockingEventExplains_isNoEvidenceOfWaiting() {
    // 10 samples in 4 s of wall time and not one blocking event: threads waiting for a core, or
    // JFR sampling only some of many busy threads. Before: "blocking 95%" and @Offload.
    MethodSnapshot sampled = voidSnapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(10, 4_000_000_000L, 0, 0, 0);

    MethodRecommender.Verdict verdict = MethodRecommender.classify(sampled, jfr, INTERVAL);

    assertThat(verdict.classification()).isEqualTo(Classification.CPU_BOUND);
    assertThat(MethodRecommender.recommend(sampled, verdict, jfr, null, true).kind())
        .isNotEqualTo("offload");
  }

  @Test
  void blockingMethodWhoseCallersNeedItsResult_isNoOffloadCandidate_andClaimsNoSaving() {
    MethodSnapshot method = snapshot(4_000_000_000L, CpuSample.NONE); // returns an int
    MethodReport.Evidence jfr = evidence(10, 4_000_000_000L, 3_000_000_000L, 300, 0);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(
        method, MethodRecommender.classify(method, jfr, INTERVAL), jfr, null, false);

    assertThat(suggestion.kind()).isEqualTo("investigate");
    assertThat(suggestion.text()).contains("its callers need its result at once")
        .contains("the caller's thread would still wait").doesNotContain("frees about");
    assertThat(suggestion.savingNanos()).isEqualTo(-1);
    assertThat(suggestion.apply()).isNull();
    assertThat(MethodRecommender.returnsLater("(II)V")).isTrue();
    assertThat(MethodRecommender.returnsLater("()Ljava/util/concurrent/CompletableFuture;"))
        .isTrue();
    assertThat(MethodRecommender.returnsLater("(II)I")).isFalse();
  }

  @Test
  void cpuBound_butMemoizedAlready_saysHowItsCacheDoes_andIsNoRecommendation() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(100, 2_000_000_000L, 0, 0, 0);
    MemoSnapshot memo = new MemoSnapshot(ROUTE, MemoSettings.DEFAULTS, "active", null, null, 900,
        100, 200_000_000L, 0, 0, 0, 0, 100);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(method,
        MethodRecommender.classify(method, jfr, INTERVAL), jfr,
        new MethodReport.Arguments(500, 50, 0.9, true), false, memo);

    assertThat(suggestion.kind()).isNull();
    assertThat(suggestion.apply()).isNull();
    assertThat(suggestion.text()).contains("memoized already: 90% of 1000 lookups found a cached"
        + " result, saving about 1.80 s so far").doesNotContain("apply with");
  }

  @Test
  void cpuBound_foundUnsafeByMemoization_isNotToldToMemoizeAgain() {
    MethodSnapshot method = snapshot(2_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = evidence(100, 2_000_000_000L, 0, 0, 0);
    MemoSnapshot memo = new MemoSnapshot(ROUTE, MemoSettings.DEFAULTS, "unsafe",
        "a verified hit returned a different result", "arguments (1, 2)", 5, 10, 1_000L, 0, 1, 1,
        0, 0);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(method,
        MethodRecommender.classify(method, jfr, INTERVAL), jfr,
        new MethodReport.Arguments(500, 50, 0.9, true), false, memo);

    assertThat(suggestion.kind()).isNull();
    assertThat(suggestion.text()).contains("memoization found it unsafe (a verified hit returned a"
        + " different result)");
  }

  @Test
  void blockingMostlyOnALock_isInvestigated_notOffloaded_evenWhenItReturnsNothing() {
    MethodSnapshot method = voidSnapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence jfr = new MethodReport.Evidence(5, 5 * INTERVAL, 4_000_000_000L, 0.025,
        3_000_000_000L, 0, 900_000_000L, 160, 0);

    MethodRecommender.Suggestion suggestion = MethodRecommender.recommend(
        method, MethodRecommender.classify(method, jfr, INTERVAL), jfr, null, false);

    assertThat(suggestion.kind()).isEqualTo("investigate");
    assertThat(suggestion.text()).contains("mostly on locks")
        .contains("offloading would only move the wait elsewhere").doesNotContain("frees about");
    assertThat(suggestion.apply()).isNull();
  }

  @Test
  void thinEvidence_isShownOnTheRow_butIsNoRecommendation() {
    // Three calls: whatever they did, too few to change the method for.
    MethodSnapshot fewCalls = ReportFixtures.snapshot(ROUTE_VOID, 3, 0, 4_000_000_000L,
        1_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence waited = evidence(0, 4_000_000_000L, 3_900_000_000L, 300, 0);
    MethodRecommender.Suggestion fromFewCalls = MethodRecommender.recommend(fewCalls,
        MethodRecommender.classify(fewCalls, waited, INTERVAL), waited, null, false);
    assertThat(fromFewCalls.kind()).isNull();
    assertThat(fromFewCalls.apply()).isNull();
    assertThat(fromFewCalls.text()).contains("candidate for @Offload")
        .contains("the evidence is thin (3 calls, fewer than 10)");

    // Many calls, but JFR saw it in 4 samples and 2 blocking events only.
    MethodSnapshot method = voidSnapshot(4_000_000_000L, CpuSample.NONE);
    MethodReport.Evidence thin = evidence(4, 4_000_000_000L, 3_000_000_000L, 2, 0);
    MethodRecommender.Suggestion fromFewEvents = MethodRecommender.recommend(method,
        MethodRecommender.classify(method, thin, INTERVAL), thin, null, false);
    assertThat(fromFewEvents.kind()).isNull();
    assertThat(fromFewEvents.text()).contains("4 JFR execution samples and 2 blocking events");

    // The same with enough events is a recommendation.
    MethodReport.Evidence enough = evidence(4, 4_000_000_000L, 3_000_000_000L, 200, 0);
    assertThat(MethodRecommender.recommend(method,
        MethodRecommender.classify(method, enough, INTERVAL), enough, null, false).kind())
        .isEqualTo("offload");
  }
}
