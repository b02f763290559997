package dev.overclock.analyze;

import dev.overclock.jvm.Frame;
import dev.overclock.jvm.MethodEvidence;
import dev.overclock.jvm.ThreadStacks;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.metrics.Classification;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodRecommender;
import dev.overclock.report.Report;
import dev.overclock.report.Units;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recommendations a recording supports for methods nobody timed, and for the JVM as a whole.
 * Timed methods (whose latencies the recording holds) get theirs from the report builder, the
 * same as in a live report; this adds the rest.
 *
 * <h2>Evidence</h2>
 *
 * A method's CPU time is estimated from its execution samples times the sampling interval (the
 * interval the sampler really kept), its waiting time from the blocking events with it on the
 * stack; the share of the two classifies it with the same thresholds as a timed method ({@link
 * Classification#ofShare}). Each estimated saving is the method's time times the gain the change
 * can be expected to bring: half its CPU time for memoization (a cache pays off from a 50% repeat
 * rate, {@link MethodRecommender#MEMOIZE_MIN_REPEAT}), its waiting time for offloading (the
 * platform thread time it frees), half the GC pause time for a JVM-level GC finding.
 *
 * <h2>What a recording cannot tell</h2>
 *
 * Whether a method's arguments repeat, or whether it is pure: JFR records neither. A CPU-bound
 * method whose descriptor has the shape of a pure function (value-type arguments, a result) is a
 * memoization <em>candidate</em>, unless a tenth of its samples or more caught it in file or
 * network I/O; the recommendation says to time it first so that the live agent samples its
 * arguments, and its configuration line does exactly that.
 */
final class RecordingAdvisor {

  /** Hot methods below this share of self samples get no recommendation. */
  static final double MIN_SELF_SHARE = 0.02;

  /** Waiting below this share of the recording's duration gets no recommendation. */
  static final double MIN_BLOCKED_SHARE = 0.01;

  /** A GC pause share from which GC is a finding. */
  static final double GC_PAUSE_SHARE = 0.05;

  /** Lock waits at one site from this share of the recording's duration are a finding. */
  static final double CONTENTION_SHARE = 0.10;

  static final String TIMED_OPTION = "timed";

  /**
   * A method with at least one in this many of its samples in file or network I/O reads or writes
   * outside memory (a file read from the page cache is CPU time, and short reads make no JFR I/O
   * event): whatever its descriptor, no memoization candidate.
   */
  static final int IO_SHARE_DENOMINATOR = 10;

  private RecordingAdvisor() {}

  static List<Report.Recommendation> advise(JvmReport jvm, JvmProfile profile,
      BlockedMethods blocked, ThreadStacks threads, Set<String> timedKeys, int top) {
    List<Report.Recommendation> advice = new ArrayList<>();
    if (jvm == null) {
      return advice;
    }
    long interval = Math.max(jvm.observedSampleIntervalNanos(), jvm.sampleIntervalNanos());
    long duration = jvm.durationNanos();
    Set<String> done = new HashSet<>(timedKeys);
    // Frames that drive their thread (main, run loops, client loops) get nothing: no call of
    // theirs can be cached, offloaded or timed, and the time under them belongs to what they
    // call. Only thread entries and main's waiting body are taken for such frames (see
    // ThreadStacks): a method a loop calls again and again looks as continuous, and is what to
    // recommend for.
    done.addAll(threads.drivers().keySet());
    for (ThreadStacks.BlockedPool pool : threads.blockedPools()) {
      if (advice.size() >= top) {
        break;
      }
      if (pool.waitedNanos() >= MIN_BLOCKED_SHARE * duration
          && done.add(pool.method().key())) {
        advice.add(pool(pool));
      }
    }
    if (interval > 0) {
      for (JvmReport.HotMethod hot : jvm.hotMethods()) {
        if (advice.size() >= top) {
          break;
        }
        if (hot.selfShare() < MIN_SELF_SHARE || !advisable(hot.name()) || !done.add(hot.key())) {
          continue;
        }
        Report.Recommendation said =
            method(hot.name(), hot.key(), profile.evidence(hot.key()), interval, duration, true);
        if (said != null) {
          advice.add(said);
        }
      }
    }
    if (interval > 0) {
      advice.addAll(boundaryCalls(profile.takeWindow(), done, top - Math.min(top, advice.size())));
    }
    for (BlockedMethods.Entry entry : blocked.top(top)) {
      if (advice.size() >= 2 * top) {
        break;
      }
      String key = entry.method().key();
      if (entry.nanos() < MIN_BLOCKED_SHARE * duration || !advisable(entry.method().name())
          || !done.add(key)) {
        continue;
      }
      Report.Recommendation said = method(entry.method().name(), key, profile.evidence(key),
          interval, duration, false);
      if (said != null) {
        advice.add(said);
      }
    }
    advice.addAll(jvmFindings(jvm));
    return advice;
  }

  /**
   * The library calls that frames which never return spend their samples in (a client loop's
   * {@code executeQuery}): the latency of one such call is what a user can act on.
   *
   * @param whole the samples of the whole recording
   */
  private static List<Report.Recommendation> boundaryCalls(dev.overclock.jvm.SampleWindow whole,
      Set<String> done, int limit) {
    List<dev.overclock.jvm.SampleWindow.Counted> ranked = new ArrayList<>(whole.boundaries());
    ranked.sort((a, b) -> Long.compare(b.self(), a.self()));
    List<Report.Recommendation> advice = new ArrayList<>();
    for (dev.overclock.jvm.SampleWindow.Counted call : ranked) {
      double share = whole.samples() == 0 ? 0 : (double) call.self() / whole.samples();
      if (advice.size() >= limit || share < MIN_SELF_SHARE) {
        break;
      }
      String name = call.method().name();
      if (!advisable(name) || !done.add(call.method().key())) {
        continue;
      }
      String config = TIMED_OPTION + "=" + name;
      advice.add(new Report.Recommendation(name, call.method().key(), "time", String.format(
          Locale.ROOT, "a library call made straight from a method that never returns, with %s"
              + " of the execution samples under it (%d samples): time it (%s) to see its calls"
              + " and per-call latency, the figure a loop around it cannot give",
          Units.percent(share), call.self(), config), -1, null, config));
    }
    return advice;
  }

  private static Report.Recommendation pool(ThreadStacks.BlockedPool pool) {
    Frame method = pool.method();
    return MethodRecommender.pool(pool.threads(), pool.threadCount(), pool.startedAt(),
        pool.blockedShare(), pool.waitedNanos(), method.name(), method.key(),
        method.methodName(), method.descriptor(), pool.methodNanos());
  }

  static Report.Recommendation method(String name, String key, MethodEvidence evidence,
      long interval, long duration, boolean hot) {
    if (evidence.samples() < MethodRecommender.MIN_EVIDENCE_SAMPLES
        && evidence.blockingEvents() < MethodRecommender.MIN_BLOCKING_EVENTS) {
      return null; // thin evidence: a few samples of a start-up phase, one long wait
    }
    long cpu = evidence.samples() * interval;
    long waited = evidence.blockedNanos();
    if (cpu + waited <= 0) {
      return null;
    }
    double cpuShare = (double) cpu / (cpu + waited);
    int cpuPercent = (int) Math.round(cpuShare * 100);
    String config = TIMED_OPTION + "=" + name;
    String samples = String.format(Locale.ROOT, "%d execution samples with it on the stack"
        + " (%d as the innermost application frame), about %s on CPU over the recording's %s",
        evidence.samples(), evidence.selfSamples(), Units.duration(cpu), Units.duration(duration));
    switch (Classification.ofShare(cpuShare)) {
      case CPU_BOUND:
        if (!hot) {
          return null;
        }
        boolean doesIo = evidence.ioSamples() * IO_SHARE_DENOMINATOR >= evidence.samples();
        if (looksPure(key) && !doesIo) {
          long saving = Math.round(cpu * MethodRecommender.MEMOIZE_MIN_REPEAT);
          return new Report.Recommendation(name, key, "memoize", String.format(Locale.ROOT,
              "hot and cpu-bound (%d%% of its time on CPU: %s); it computes a result from"
                  + " value-type arguments, the shape of a pure function: if it is pure and half"
                  + " its calls repeat earlier arguments, @Memoize saves about %s; a recording"
                  + " cannot tell whether arguments repeat, so time it first (%s) and the agent"
                  + " samples its arguments",
              cpuPercent, samples, Units.duration(saving), config),
              saving, "@dev.overclock.annotations.Memoize on " + signature(name, key), config);
        }
        String io = !doesIo ? "" : String.format(Locale.ROOT, "; %d of its samples were in file"
            + " or network I/O, so it is no pure function to memoize", evidence.ioSamples());
        return new Report.Recommendation(name, key, "time", String.format(Locale.ROOT,
            "hot and cpu-bound (%d%% of its time on CPU: %s)%s; time it (%s) to see its calls and"
                + " latency percentiles; the flame graph shows what it spends them on",
            cpuPercent, samples, io, config), -1, null, config);
      case BLOCKING: {
        if (evidence.blockingEvents() > 0
            && evidence.virtualThreadEvents() >= 0.9 * evidence.blockingEvents()) {
          return new Report.Recommendation(name, key, "investigate", String.format(Locale.ROOT,
              "blocking %d%% of its time (%s%s), but on virtual threads, where waiting holds no"
                  + " platform thread: @Offload would not help", 100 - cpuPercent,
              waits(evidence), virtual(evidence)), -1, null, null);
        }
        if (evidence.lockNanos() > evidence.ioNanos() + evidence.sleepNanos()) {
          return new Report.Recommendation(name, key, "investigate", String.format(Locale.ROOT,
              "blocking %d%% of its time (%s; %s), mostly on locks or for other threads (monitor,"
                  + " park, wait): offloading would only move the wait elsewhere; look at what it"
                  + " waits for (the contention table names the lock or blocker); time it (%s) to"
                  + " see its latencies",
              100 - cpuPercent, waits(evidence), samples, config), -1, null, config);
        }
        if (!MethodRecommender.returnsLater(key.substring(Math.max(0, key.indexOf('('))))) {
          return new Report.Recommendation(name, key, "investigate", String.format(Locale.ROOT,
              "blocking %d%% of its time (%s%s; %s), but its callers need its result at once (it"
                  + " returns a value): @Offload would free no thread, the caller's thread would"
                  + " still wait; if its callers are a pool's threads all waiting here, run that"
                  + " pool on virtual threads; time it (%s) to see its latencies",
              100 - cpuPercent, waits(evidence), virtual(evidence), samples, config), -1, null,
              config);
        }
        long saving = waited;
        return new Report.Recommendation(name, key, "offload", String.format(Locale.ROOT,
            "blocking %d%% of its time (%s%s; %s): candidate for @Offload, so that callers are"
                + " not held while it waits; that frees about %s of platform-thread time over the"
                + " recording; time it first (%s) to confirm",
            100 - cpuPercent, waits(evidence), virtual(evidence), samples,
            Units.duration(saving), config),
            saving, "@dev.overclock.annotations.Offload on " + signature(name, key), config);
      }
      default:
        return new Report.Recommendation(name, key, "investigate", String.format(Locale.ROOT,
            "mixed: %d%% on CPU (%s), %d%% waiting (%s): separate the waiting part before"
                + " offloading or memoizing; time it (%s) to see its latencies",
            cpuPercent, samples, 100 - cpuPercent, waits(evidence), config), -1, null, config);
    }
  }

  private static List<Report.Recommendation> jvmFindings(JvmReport jvm) {
    List<Report.Recommendation> findings = new ArrayList<>();
    JvmReport.Gc gc = jvm.gc();
    if (gc.pauseShare() >= GC_PAUSE_SHARE) {
      String top = jvm.allocation().topSites().isEmpty() ? ""
          : "; the top allocation site is " + jvm.allocation().topSites().get(0).site();
      findings.add(new Report.Recommendation("JVM", "jvm.gc", "jvm", String.format(Locale.ROOT,
          "GC pauses took %s of the recording (%d collections, p99 %s, max %s) while the"
              + " application allocated %s/s%s: a larger heap (-Xmx) or less allocation would win"
              + " back about half of the %s paused",
          Units.percent(gc.pauseShare()), gc.collections(), Units.duration(gc.p99PauseNanos()),
          Units.duration(gc.maxPauseNanos()),
          bytes(jvm.allocation().bytesPerSecond()), top, Units.duration(gc.totalPauseNanos())),
          gc.totalPauseNanos() / 2, null, null));
    }
    JvmReport.Pinning pinning = jvm.pinning();
    if (pinning.count() > 0 && !pinning.sites().isEmpty()) {
      JvmReport.PinnedSite site = pinning.sites().get(0);
      findings.add(new Report.Recommendation("JVM", "jvm.pinning", "jvm", String.format(Locale.ROOT,
          "virtual threads were pinned to their carrier %d times for %s in all, most at %s: a"
              + " pinned virtual thread holds its carrier while it waits; use a"
              + " java.util.concurrent lock instead of synchronized there, or run on JDK 24 or"
              + " newer (JEP 491)",
          pinning.count(), Units.duration(pinning.totalNanos()), site.site()),
          pinning.totalNanos(), null, null));
    }
    for (JvmReport.Site site : jvm.contention()) {
      if (!"monitor".equals(site.kind()) || site.totalNanos() < CONTENTION_SHARE
          * jvm.durationNanos()) {
        continue;
      }
      findings.add(new Report.Recommendation("JVM", "jvm.contention", "jvm",
          String.format(Locale.ROOT, "threads waited %s in %d monitor enters at %s (on %s):"
              + " lock contention; hold the lock for less time or split it",
              Units.duration(site.totalNanos()), site.count(), site.site(), site.detail()),
          site.totalNanos(), null, null));
      break;
    }
    return findings;
  }

  /**
   * Whether the agent could time the method: lambda bodies and accessors are synthetic, and
   * constructors and class initialisers are never timed; their callers carry the evidence too.
   * A {@code main} method runs for the program's life: nothing to recommend for it.
   */
  static boolean advisable(String name) {
    return !name.endsWith("::main") && !name.contains("lambda$") && !name.contains("access$") && !name.contains("$$")
        && !name.endsWith("::<init>") && !name.endsWith("::<clinit>");
  }

  /**
   * Whether the descriptor has the shape of a pure function: at least one argument, every
   * argument a primitive, a string or a boxed primitive, and a result.
   */
  static boolean looksPure(String key) {
    int open = key.indexOf('(');
    int close = key.indexOf(')');
    if (open < 0 || close < open || close + 1 >= key.length() || key.charAt(close + 1) == 'V') {
      return false;
    }
    String arguments = key.substring(open + 1, close);
    if (arguments.isEmpty()) {
      return false;
    }
    int i = 0;
    while (i < arguments.length()) {
      char c = arguments.charAt(i);
      if ("BCDFIJSZ".indexOf(c) >= 0) {
        i++;
      } else if (c == 'L') {
        int end = arguments.indexOf(';', i);
        if (end < 0 || !VALUE_TYPES.contains(arguments.substring(i + 1, end))) {
          return false;
        }
        i = end + 1;
      } else {
        return false; // arrays: mutable
      }
    }
    return true;
  }

  private static final Set<String> VALUE_TYPES = Set.of("java/lang/String",
      "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
      "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float");

  /** {@code com.acme.Route::plan(int, int)}. */
  private static String signature(String name, String key) {
    int open = key.indexOf('(');
    int close = key.indexOf(')');
    if (open < 0 || close < open) {
      return name;
    }
    String arguments = key.substring(open + 1, close);
    List<String> types = new ArrayList<>();
    int i = 0;
    while (i < arguments.length()) {
      int dims = 0;
      while (arguments.charAt(i) == '[') {
        dims++;
        i++;
      }
      char c = arguments.charAt(i);
      String type;
      if (c == 'L') {
        int end = arguments.indexOf(';', i);
        type = arguments.substring(i + 1, end).replace('/', '.');
        type = type.startsWith("java.lang.") ? type.substring(10) : type;
        i = end + 1;
      } else {
        type = primitive(c);
        i++;
      }
      types.add(type + "[]".repeat(dims));
    }
    return name + "(" + String.join(", ", types) + ")";
  }

  private static String primitive(char c) {
    switch (c) {
      case 'B': return "byte";
      case 'C': return "char";
      case 'D': return "double";
      case 'F': return "float";
      case 'I': return "int";
      case 'J': return "long";
      case 'S': return "short";
      case 'Z': return "boolean";
      default: return "?";
    }
  }

  /** "JFR saw it wait in I/O 1.20 s, on locks 30 ms (412 events)". */
  private static String waits(MethodEvidence evidence) {
    List<String> parts = new ArrayList<>();
    if (evidence.ioNanos() > 0) {
      parts.add("in I/O " + Units.duration(evidence.ioNanos()));
    }
    if (evidence.lockNanos() > 0) {
      parts.add("on locks " + Units.duration(evidence.lockNanos()));
    }
    if (evidence.sleepNanos() > 0) {
      parts.add("in sleeps " + Units.duration(evidence.sleepNanos()));
    }
    if (parts.isEmpty()) {
      return "no blocking events";
    }
    return "JFR saw it wait " + String.join(", ", parts) + " in " + evidence.blockingEvents()
        + (evidence.blockingEvents() == 1 ? " event" : " events");
  }

  private static String virtual(MethodEvidence evidence) {
    return evidence.virtualThreadEvents() == 0 ? "" : ", " + evidence.virtualThreadEvents()
        + " of them on virtual threads";
  }

  private static String bytes(double perSecond) {
    if (perSecond >= 1e9) {
      return String.format(Locale.ROOT, "%.1f GB", perSecond / 1e9);
    }
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f MB", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.0f kB", perSecond / 1e3);
  }
}
