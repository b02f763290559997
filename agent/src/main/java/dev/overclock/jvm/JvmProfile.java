package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Everything the flight-recorder events of one JVM said, aggregated as they arrive, in bounded
 * memory: no event is kept.
 *
 * <h2>Frames</h2>
 *
 * Stacks come top frame first. A frame is <em>JDK</em> when its class belongs to the JDK, to
 * the agent, or is generated ({@code $$} in its name); it is an <em>application</em> frame when
 * the predicate given at construction says so (the live agent excludes JDK and well-known
 * library packages, and respects {@code include=}/{@code exclude=}). A sample's <em>self</em>
 * method is its innermost application frame: time in the JDK code an application method calls
 * counts as that method's own, which is what a reader means by "where my code spends its time".
 * A method's <em>total</em> counts every sample with it anywhere on the stack (once per sample,
 * also under recursion); totals and blocking times are kept for every non-JDK method, so that a
 * timed library method has evidence too.
 *
 * <h2>Bounds</h2>
 *
 * Per-method counters for at most {@link #MAX_METHODS} methods (later ones are not tracked); a
 * flame graph of at most {@link #MAX_FLAME_NODES} nodes; top-site tables of a few hundred
 * entries each; time series of at most {@link #MAX_POINTS} points. Thread-safe: one thread adds
 * events, others read reports and windows.
 */
public final class JvmProfile {

  public static final int MAX_METHODS = 20_000;
  static final int MAX_FLAME_NODES = 30_000;
  static final int MAX_POINTS = 240;
  static final int SITES = 256;
  static final int PINNED_STACK_FRAMES = 16;
  static final int TOP_SITES = 20;
  static final int TOP_HOT_METHODS = 25;
  static final int RECENT_SAMPLES = 512;

  private static final String[] JDK_PREFIXES = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.overclock."
  };

  private final Predicate<String> application;

  private Instant from;
  private Instant to;

  private final FlameGraph flame = new FlameGraph(MAX_FLAME_NODES);
  private long samples;
  private final long[] recentSampleTimes = new long[RECENT_SAMPLES];
  private final Map<String, Counters> methods = new HashMap<>();
  private long untrackedMethods;
  private long windowSamples;
  private final Map<String, WindowEntry> window = new HashMap<>();

  private final TimeSeries cpu = new TimeSeries(MAX_POINTS, 2);
  private double cpuProcessSum;
  private double cpuMachineSum;
  private long cpuReadings;

  private final Histogram pauses = new Histogram(2);
  private long collections;
  private long pauseNanos;
  private final Map<String, long[]> collectors = new LinkedHashMap<>();
  private final TimeSeries heapAfterGc = new TimeSeries(MAX_POINTS, 1);

  private final SiteTable allocations = new SiteTable(SITES);
  private final SiteTable contention = new SiteTable(SITES);
  private final SiteTable io = new SiteTable(SITES);
  private final SiteTable pinned = new SiteTable(SITES);
  private boolean pinningSupported;

  /** @param application whether a class is application code (see the class comment) */
  public JvmProfile(Predicate<String> application) {
    this.application = name -> !isJdk(name) && application.test(name);
  }

  /** Whether a class belongs to the JDK, the agent, or is generated: never application code. */
  public static boolean isJdk(String className) {
    for (String prefix : JDK_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return className.contains("$$") || className.indexOf('/') >= 0;
  }

  // ---- events ----

  /** An execution sample ({@code jdk.ExecutionSample}); frames top first. */
  public synchronized void executionSample(Instant at, List<Frame> frames) {
    seen(at);
    if (at != null) {
      recentSampleTimes[(int) (samples % RECENT_SAMPLES)] = epochNanos(at);
    }
    samples++;
    windowSamples++;
    flame.add(frames, 1);
    long sample = samples;
    boolean selfFound = false;
    for (Frame frame : frames) {
      String className = frame.className();
      if (isJdk(className)) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters != null && counters.lastSample != sample) {
        counters.lastSample = sample;
        counters.samples++;
      }
      if (!application.test(className)) {
        continue;
      }
      WindowEntry entry = windowEntry(frame);
      boolean self = !selfFound;
      selfFound = true;
      if (self && counters != null) {
        counters.selfSamples++;
      }
      if (entry != null) {
        if (self) {
          entry.self++;
        }
        if (entry.lastSample != sample) {
          entry.lastSample = sample;
          entry.total++;
        }
      }
    }
  }

  /** CPU load ({@code jdk.CPULoad}): this JVM (user + system) and the machine, 0..1. */
  public synchronized void cpuLoad(Instant at, double process, double machine) {
    seen(at);
    cpu.add(epochNanos(at), process, machine);
    cpuProcessSum += process;
    cpuMachineSum += machine;
    cpuReadings++;
  }

  /** A garbage collection ({@code jdk.GarbageCollection}) and its stop-the-world pause time. */
  public synchronized void garbageCollection(Instant at, String name, long pauseNanos) {
    seen(at);
    collections++;
    this.pauseNanos += Math.max(0, pauseNanos);
    pauses.recordValue(Math.max(0, pauseNanos));
    long[] collector = collectors.get(name);
    if (collector == null && collectors.size() < 16) {
      collector = new long[2];
      collectors.put(name, collector);
    }
    if (collector != null) {
      collector[0]++;
      collector[1] += Math.max(0, pauseNanos);
    }
  }

  /** Heap in use after a collection ({@code jdk.GCHeapSummary}, "After GC"). */
  public synchronized void heapAfterGc(Instant at, long usedBytes) {
    seen(at);
    heapAfterGc.add(epochNanos(at), usedBytes);
  }

  /**
   * An allocation sample ({@code jdk.ObjectAllocationSample}).
   *
   * @param weightBytes the bytes this sample stands for (allocated since the thread's last sample)
   */
  public synchronized void allocation(
      Instant at, List<Frame> frames, String objectClass, long weightBytes) {
    seen(at);
    allocations.add(site(frames), "allocation", objectClass, Math.max(0, weightBytes), 0, null);
  }

  /**
   * A thread waited: a lock, park, wait, sleep or I/O event with its stack.
   *
   * @param detail the monitor class, host and port, or path
   * @param bytes bytes moved by an I/O event
   * @param virtualThread whether the waiting thread was virtual
   */
  public synchronized void blocked(
      Instant at,
      Blocking kind,
      List<Frame> frames,
      String detail,
      long durationNanos,
      long bytes,
      boolean virtualThread) {
    seen(at);
    long nanos = Math.max(0, durationNanos);
    String site = site(frames);
    if (kind.category() == Blocking.Category.IO) {
      io.add(site, kind.label(), detail, nanos, Math.max(0, bytes), null);
    } else {
      contention.add(site, kind.label(), detail, nanos, 0, null);
    }
    long event = ++blockedEvents;
    for (Frame frame : frames) {
      if (isJdk(frame.className())) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters == null || counters.lastBlocked == event) {
        continue;
      }
      counters.lastBlocked = event;
      counters.blocked[kind.category().ordinal()] += nanos;
      counters.blockingEvents++;
      if (virtualThread) {
        counters.virtualThreadEvents++;
      }
    }
  }

  private long blockedEvents;

  /** A virtual thread pinned to its carrier ({@code jdk.VirtualThreadPinned}). */
  public synchronized void pinned(Instant at, List<Frame> frames, long durationNanos) {
    seen(at);
    List<String> stack = new ArrayList<>();
    for (int i = 0; i < frames.size() && i < PINNED_STACK_FRAMES; i++) {
      stack.add(frames.get(i).site());
    }
    pinned.add(site(frames), "pinned", "", Math.max(0, durationNanos), 0, List.copyOf(stack));
  }

  /** Whether this JVM can report pinned virtual threads at all (JDK 21+). */
  public synchronized void pinningSupported(boolean supported) {
    pinningSupported = supported;
  }

  // ---- reading ----

  /** The samples counted since the previous window, and starts a new window. */
  public synchronized SampleWindow takeWindow() {
    List<SampleWindow.Counted> counted = new ArrayList<>(window.size());
    for (WindowEntry entry : window.values()) {
      counted.add(new SampleWindow.Counted(entry.frame, entry.self, entry.total));
    }
    SampleWindow result = new SampleWindow(windowSamples, counted);
    window.clear();
    windowSamples = 0;
    return result;
  }

  /** The evidence about a method so far ({@link Frame#key} form), never null. */
  public synchronized MethodEvidence evidence(String key) {
    Counters counters = methods.get(key);
    if (counters == null) {
      return MethodEvidence.NONE;
    }
    return new MethodEvidence(
        counters.samples,
        counters.selfSamples,
        counters.blocked[Blocking.Category.LOCK.ordinal()],
        counters.blocked[Blocking.Category.IO.ordinal()],
        counters.blocked[Blocking.Category.SLEEP.ordinal()],
        counters.blockingEvents,
        counters.virtualThreadEvents);
  }

  /**
   * The interval at which JFR's sampler really took samples lately: the median gap between its
   * sampling rounds (the samples of one round are taken within a fraction of the interval). On a
   * busy machine the sampler thread falls behind its nominal interval, and a method's samples
   * times the nominal interval would understate its time on CPU.
   *
   * @param nominalNanos the interval the recording asked for
   * @return at least {@code nominalNanos}, at most ten times it; {@code nominalNanos} while there
   *     are too few samples to tell
   */
  public synchronized long observedSampleInterval(long nominalNanos) {
    int count = (int) Math.min(samples, RECENT_SAMPLES);
    if (count < 32 || nominalNanos <= 0) {
      return nominalNanos;
    }
    long[] times = Arrays.copyOf(recentSampleTimes, count);
    Arrays.sort(times);
    long[] gaps = new long[count];
    int rounds = 0;
    long roundStart = times[0];
    for (int i = 1; i < count; i++) {
      if (times[i] - roundStart > nominalNanos / 4) {
        gaps[rounds++] = times[i] - roundStart;
        roundStart = times[i];
      }
    }
    if (rounds < 16) {
      return nominalNanos;
    }
    long[] sorted = Arrays.copyOf(gaps, rounds);
    Arrays.sort(sorted);
    long median = sorted[rounds / 2];
    return Math.max(nominalNanos, Math.min(10 * nominalNanos, median));
  }

  /** Execution samples so far. */
  public synchronized long samples() {
    return samples;
  }

  /** The time of the first event, or {@code null} before any. */
  public synchronized Instant from() {
    return from;
  }

  /**
   * The report section.
   *
   * @param source {@code live} or {@code recording}
   * @param sampleIntervalNanos the execution-sampling period, 0 if unknown
   * @param thresholdNanos the shortest blocking event recorded, 0 if unknown
   */
  public synchronized JvmReport report(
      String source,
      long sampleIntervalNanos,
      long thresholdNanos,
      List<String> events,
      List<String> missingEvents) {
    long fromNanos = from == null ? 0 : epochNanos(from);
    long duration = from == null ? 0 : Math.max(0, Duration.between(from, to).toNanos());

    List<JvmReport.CpuPoint> cpuPoints = new ArrayList<>();
    for (TimeSeries.Point point : cpu.points()) {
      cpuPoints.add(new JvmReport.CpuPoint(Math.max(0, point.offsetNanos() - fromNanos),
          clamp(point.values()[0]), clamp(point.values()[1])));
    }
    JvmReport.Cpu cpuReport = new JvmReport.Cpu(
        cpuReadings == 0 ? 0 : clamp(cpuProcessSum / cpuReadings),
        cpuReadings == 0 ? 0 : clamp(cpuMachineSum / cpuReadings),
        cpuPoints);

    List<JvmReport.Collector> collectorList = new ArrayList<>();
    for (Map.Entry<String, long[]> collector : collectors.entrySet()) {
      collectorList.add(new JvmReport.Collector(
          collector.getKey(), collector.getValue()[0], collector.getValue()[1]));
    }
    List<JvmReport.HeapPoint> heap = new ArrayList<>();
    for (TimeSeries.Point point : heapAfterGc.points()) {
      heap.add(new JvmReport.HeapPoint(
          Math.max(0, point.offsetNanos() - fromNanos), Math.round(point.values()[0])));
    }
    JvmReport.Gc gc = new JvmReport.Gc(
        collections,
        pauseNanos,
        duration == 0 ? 0 : clamp((double) pauseNanos / duration),
        collections == 0 ? 0 : pauses.getValueAtPercentile(50),
        collections == 0 ? 0 : pauses.getValueAtPercentile(99),
        collections == 0 ? 0 : pauses.getMaxValue(),
        collectorList,
        heap);

    long allocated = allocations.total();
    List<JvmReport.AllocationSite> allocationSites = new ArrayList<>();
    for (SiteTable.Entry entry : allocations.top(TOP_SITES)) {
      allocationSites.add(new JvmReport.AllocationSite(entry.site, entry.detail, entry.weight,
          allocated == 0 ? 0 : (double) entry.weight / allocated));
    }
    JvmReport.Allocation allocation = new JvmReport.Allocation(allocations.events(), allocated,
        duration == 0 ? 0 : allocated / (duration / 1e9), allocationSites);

    List<JvmReport.PinnedSite> pinnedSites = new ArrayList<>();
    for (SiteTable.Entry entry : pinned.top(TOP_SITES)) {
      pinnedSites.add(new JvmReport.PinnedSite(entry.site, entry.count, entry.weight, entry.max,
          entry.stack == null ? List.of() : entry.stack));
    }
    JvmReport.Pinning pinning =
        new JvmReport.Pinning(pinningSupported, pinned.events(), pinned.total(), pinnedSites);

    return new JvmReport(
        source,
        from,
        to,
        sampleIntervalNanos,
        observedSampleInterval(sampleIntervalNanos),
        thresholdNanos,
        events,
        missingEvents,
        cpuReport,
        gc,
        allocation,
        sites(contention),
        sites(io),
        pinning,
        hotMethods(),
        flame.report(0.001, 4_000));
  }

  private List<JvmReport.HotMethod> hotMethods() {
    List<Map.Entry<String, Counters>> ranked = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : methods.entrySet()) {
      if (entry.getValue().selfSamples > 0 || entry.getValue().samples > 0) {
        ranked.add(entry);
      }
    }
    ranked.sort(Comparator
        .comparingLong((Map.Entry<String, Counters> e) -> e.getValue().selfSamples)
        .thenComparingLong(e -> e.getValue().samples).reversed()
        .thenComparing(Map.Entry::getKey));
    List<JvmReport.HotMethod> hot = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : ranked) {
      Counters counters = entry.getValue();
      if (hot.size() >= TOP_HOT_METHODS || counters.selfSamples == 0) {
        break;
      }
      hot.add(new JvmReport.HotMethod(counters.name, entry.getKey(), counters.selfSamples,
          counters.samples, share(counters.selfSamples), share(counters.samples), null, null));
    }
    return hot;
  }

  private double share(long count) {
    return samples == 0 ? 0 : clamp((double) count / samples);
  }

  private static List<JvmReport.Site> sites(SiteTable table) {
    List<JvmReport.Site> sites = new ArrayList<>();
    for (SiteTable.Entry entry : table.top(TOP_SITES)) {
      sites.add(new JvmReport.Site(entry.site, entry.kind, entry.detail, entry.count, entry.weight,
          entry.max, entry.bytes));
    }
    return sites;
  }

  // ---- helpers ----

  /**
   * Where an event happened, for a reader: the innermost application frame, else the innermost
   * frame outside the JDK, else the top frame.
   */
  private String site(List<Frame> frames) {
    Frame nonJdk = null;
    for (Frame frame : frames) {
      if (isJdk(frame.className())) {
        continue;
      }
      if (application.test(frame.className())) {
        return frame.site();
      }
      if (nonJdk == null) {
        nonJdk = frame;
      }
    }
    if (nonJdk != null) {
      return nonJdk.site();
    }
    return frames.isEmpty() ? "(no stack)" : frames.get(0).site();
  }

  private Counters counters(String key) {
    Counters counters = methods.get(key);
    if (counters == null) {
      if (methods.size() >= MAX_METHODS) {
        untrackedMethods++;
        return null;
      }
      int descriptor = key.indexOf('(');
      counters = new Counters(descriptor < 0 ? key : key.substring(0, descriptor));
      methods.put(key, counters);
    }
    return counters;
  }

  private WindowEntry windowEntry(Frame frame) {
    String key = frame.key();
    WindowEntry entry = window.get(key);
    if (entry == null) {
      if (window.size() >= MAX_METHODS) {
        return null;
      }
      entry = new WindowEntry(frame);
      window.put(key, entry);
    }
    return entry;
  }

  private void seen(Instant at) {
    if (at == null) {
      return;
    }
    if (from == null || at.isBefore(from)) {
      from = at;
    }
    if (to == null || at.isAfter(to)) {
      to = at;
    }
  }

  private static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  private static double clamp(double share) {
    return Double.isNaN(share) ? 0 : Math.max(0, Math.min(1, share));
  }

  /** Cumulative counters of one method. */
  private static final class Counters {
    final String name;
    long samples;
    long selfSamples;
    final long[] blocked = new long[Blocking.Category.values().length];
    long blockingEvents;
    long virtualThreadEvents;
    long lastSample;
    long lastBlocked;

    Counters(String name) {
      this.name = name;
    }
  }

  /** One method's counts in the current window. */
  private static final class WindowEntry {
    final Frame frame;
    long self;
    long total;
    long lastSample;

    WindowEntry(Frame frame) {
      this.frame = frame;
    }
  }
}
