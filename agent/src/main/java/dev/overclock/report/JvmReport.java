package dev.overclock.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the JVM did while the figures were taken, from flight-recorder events: the report's
 * {@code jvm} section. Filled by the live JFR stream of a running agent, or from a {@code .jfr}
 * recording by an offline reader; the writers do not care which. Times are nanoseconds, shares
 * fractions from 0 to 1, time-series offsets nanoseconds since {@code from}.
 *
 * @param source {@code live} (the agent's in-process stream) or {@code recording} (a file)
 * @param from the first event's time
 * @param to the last event's time
 * @param sampleIntervalNanos the execution-sampling period asked for, or 0 when unknown
 * @param observedSampleIntervalNanos the period the sampler really kept lately (the median gap
 *     between its rounds; longer than asked for on a busy machine), or 0 when unknown
 * @param thresholdNanos the shortest blocking event (lock, park, I/O, sleep) recorded, or 0
 * @param events the event types read
 * @param missingEvents event types asked for that this JVM does not have (such as {@code
 *     jdk.VirtualThreadPinned} before JDK 21)
 * @param hotMethods application methods by execution samples, most first
 * @param topMethods methods by samples as the top frame, JDK and library code included
 * @param waitingMethods methods by the time their threads waited in blocking events, longest first
 * @param coverage how much of the application's samples the timed methods cover; {@code null}
 *     offline, or before any timed method completed a call
 */
public record JvmReport(
    String source,
    Instant from,
    Instant to,
    long sampleIntervalNanos,
    long observedSampleIntervalNanos,
    long thresholdNanos,
    List<String> events,
    List<String> missingEvents,
    Cpu cpu,
    Gc gc,
    Allocation allocation,
    List<Site> contention,
    List<Site> io,
    Pinning pinning,
    List<HotMethod> hotMethods,
    FlameGraph flameGraph,
    List<HotMethod> topMethods,
    List<WaitingMethod> waitingMethods,
    Coverage coverage) {

  /** A section without the top-frame view (readers of older reports, fixtures). */
  public JvmReport(String source, Instant from, Instant to, long sampleIntervalNanos,
      long observedSampleIntervalNanos, long thresholdNanos, List<String> events,
      List<String> missingEvents, Cpu cpu, Gc gc, Allocation allocation, List<Site> contention,
      List<Site> io, Pinning pinning, List<HotMethod> hotMethods, FlameGraph flameGraph) {
    this(source, from, to, sampleIntervalNanos, observedSampleIntervalNanos, thresholdNanos,
        events, missingEvents, cpu, gc, allocation, contention, io, pinning, hotMethods,
        flameGraph, List.of(), List.of(), null);
  }

  /** This section with other hot-method rows (marked timed, or with why not). */
  public JvmReport withHotMethods(List<HotMethod> hot, List<HotMethod> top) {
    return withMethods(hot, top, waitingMethods);
  }

  /** This section with other hot- and waiting-method rows (marked timed, or with why not). */
  public JvmReport withMethods(List<HotMethod> hot, List<HotMethod> top,
      List<WaitingMethod> waiting) {
    return new JvmReport(source, from, to, sampleIntervalNanos, observedSampleIntervalNanos,
        thresholdNanos, events, missingEvents, cpu, gc, allocation, contention, io, pinning, hot,
        flameGraph, top, waiting, coverage);
  }

  public JvmReport {
    topMethods = topMethods == null ? List.of() : List.copyOf(topMethods);
    waitingMethods = waitingMethods == null ? List.of() : List.copyOf(waitingMethods);
    events = List.copyOf(events);
    missingEvents = List.copyOf(missingEvents);
    contention = List.copyOf(contention);
    io = List.copyOf(io);
    hotMethods = List.copyOf(hotMethods);
  }

  /** Nanoseconds from {@code from} to {@code to}. */
  public long durationNanos() {
    return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toNanos());
  }

  /**
   * CPU load over time ({@code jdk.CPULoad}): this process against the whole machine, each a
   * share of all processors.
   */
  public record Cpu(double averageProcess, double averageMachine, List<CpuPoint> series) {
    public Cpu {
      series = List.copyOf(series);
    }
  }

  public record CpuPoint(long offsetNanos, double process, double machine) {}

  /**
   * Garbage collections ({@code jdk.GarbageCollection}) and the heap after each ({@code
   * jdk.GCHeapSummary}). A collection's pause is the sum of its stop-the-world pauses.
   *
   * @param pauseShare total pause time over the period covered
   */
  public record Gc(
      long collections,
      long totalPauseNanos,
      double pauseShare,
      long p50PauseNanos,
      long p99PauseNanos,
      long maxPauseNanos,
      List<Collector> collectors,
      List<HeapPoint> heapAfterGc) {
    public Gc {
      collectors = List.copyOf(collectors);
      heapAfterGc = List.copyOf(heapAfterGc);
    }
  }

  public record Collector(String name, long collections, long totalPauseNanos) {}

  public record HeapPoint(long offsetNanos, long usedBytes) {}

  /**
   * Allocation ({@code jdk.ObjectAllocationSample}, whose weights estimate all bytes allocated).
   *
   * @param bytes estimated bytes allocated over the period
   */
  public record Allocation(
      long samples, long bytes, double bytesPerSecond, List<AllocationSite> topSites) {
    public Allocation {
      topSites = List.copyOf(topSites);
    }
  }

  /**
   * One allocation site: the innermost application frame (else the first frame outside the JDK),
   * and the class allocated.
   *
   * @param share of all allocated bytes
   * @param frame where it happened: the innermost frame outside the JDK, library code included
   *     ({@code class::method:line}), else the top frame
   * @param applicationFrame the innermost application frame that led there, or {@code null}
   */
  public record AllocationSite(String site, String objectClass, long bytes, double share,
      String frame, String applicationFrame) {

    /** A site without its frames (fixtures, readers of older reports). */
    public AllocationSite(String site, String objectClass, long bytes, double share) {
      this(site, objectClass, bytes, share, site, null);
    }
  }

  /**
   * One site where threads waited: the innermost application frame, else the first frame
   * outside the JDK.
   *
   * @param kind {@code monitor}, {@code park}, {@code wait}, {@code sleep}, {@code socket-read},
   *     {@code socket-write}, {@code file-read}, {@code file-write}
   * @param detail the monitor or park blocker class, the host and port, or the file
   * @param bytes bytes read or written (I/O only)
   * @param frame where it happened: the innermost frame outside the JDK, library code included
   *     ({@code class::method:line}), else the top frame
   * @param applicationFrame the innermost application frame that led there, or {@code null}
   */
  public record Site(
      String site,
      String kind,
      String detail,
      long count,
      long totalNanos,
      long maxNanos,
      long bytes,
      String frame,
      String applicationFrame) {

    /** A site without its frames (fixtures, readers of older reports). */
    public Site(String site, String kind, String detail, long count, long totalNanos,
        long maxNanos, long bytes) {
      this(site, kind, detail, count, totalNanos, maxNanos, bytes, site, null);
    }
  }

  /**
   * Virtual threads pinned to their carrier ({@code jdk.VirtualThreadPinned}, JDK 21+).
   *
   * @param supported whether this JVM has the event at all
   */
  public record Pinning(boolean supported, long count, long totalNanos, List<PinnedSite> sites) {
    public Pinning {
      sites = List.copyOf(sites);
    }
  }

  /** A pinning site with the stack of its first occurrence (top frame first). */
  public record PinnedSite(
      String site, long count, long totalNanos, long maxNanos, List<String> stack) {
    public PinnedSite {
      stack = List.copyOf(stack);
    }
  }

  /**
   * A method by execution samples: hot as profilers mean it (the top frame, JDK and library code
   * included), or hot in the application's view (the JDK and library code it calls counted as
   * its own).
   *
   * @param selfSamples samples in which it was the innermost application frame (the JDK and
   *     library code it called counts as its own); 0 for JDK and library methods
   * @param totalSamples samples in which it was anywhere on the stack
   * @param timed how it is timed ({@code annotation}, {@code filter}, {@code auto}) or {@code null}
   * @param note why it is not timed automatically, or {@code null}
   * @param topSamples samples in which it was the top frame, running its own code
   * @param applicationFrame the innermost application frame most of its top-frame samples came
   *     through ({@code class::method}; itself for application code), or {@code null}
   */
  public record HotMethod(
      String name,
      String key,
      long selfSamples,
      long totalSamples,
      double selfShare,
      double totalShare,
      String timed,
      String note,
      long topSamples,
      double topShare,
      String applicationFrame) {

    /** This row marked as timed, or with why it is not. */
    public HotMethod marked(String timedBy, String why) {
      return new HotMethod(name, key, selfSamples, totalSamples, selfShare, totalShare, timedBy,
          why, topSamples, topShare, applicationFrame);
    }
  }

  /**
   * How much of the application's execution samples the timed methods cover: samples with an
   * application frame, and of those the ones with a timed method that completed calls anywhere on
   * the stack; since the first such method, and in the last detection window.
   *
   * @param timedMethods timed methods with calls, as of the latest window
   */
  public record Coverage(
      int timedMethods,
      long applicationSamples,
      long coveredSamples,
      double share,
      long windowApplicationSamples,
      long windowCoveredSamples,
      double windowShare) {}

  /**
   * A method by the time its threads waited in blocking events (park, monitor, wait, sleep, socket
   * and file I/O at or above the recording's threshold): what a ranking by execution samples
   * cannot see, since a waiting thread is not sampled.
   *
   * @param name {@code class::method}: the innermost application frame of the events' stacks, or
   *     ({@code boundary}) the library call a never-returning application frame made
   * @param waitNanos time waited in all
   * @param events blocking events counted
   * @param maxNanos the longest of them
   * @param share of all the application's waiting in blocking events
   * @param kind the kind of wait that took longest ({@code park}, {@code socket-read}, ...)
   * @param waitedIn the call it waited in longest ({@code class::method}), or {@code null}
   * @param applicationFrame the application method the waits came from: itself, or for a
   *     boundary call the never-returning frame that made it
   * @param boundary whether it is a library call made from an application frame that never returns
   * @param timed how it is timed ({@code annotation}, {@code filter}, {@code auto}) or {@code null}
   * @param note why it is not timed automatically, or {@code null}
   */
  public record WaitingMethod(
      String name,
      String key,
      long waitNanos,
      long events,
      long maxNanos,
      long lockNanos,
      long ioNanos,
      long sleepNanos,
      double share,
      String kind,
      String waitedIn,
      String applicationFrame,
      boolean boundary,
      String timed,
      String note) {

    /** This row marked as timed, or with why it is not. */
    public WaitingMethod marked(String timedBy, String why) {
      return new WaitingMethod(name, key, waitNanos, events, maxNanos, lockNanos, ioNanos,
          sleepNanos, share, kind, waitedIn, applicationFrame, boundary, timedBy, why);
    }
  }

  /**
   * Execution samples as a tree of call paths, root first.
   *
   * @param samples all samples
   * @param truncatedSamples samples whose path was cut short because the tree was full
   * @param nodes nodes held in memory
   * @param omittedNodes nodes left out of this report (below 0.1% of samples, or over the limit)
   */
  public record FlameGraph(
      long samples, long truncatedSamples, long nodes, long omittedNodes, FlameNode root) {}

  /** One node: a frame ({@code class::method}), its samples and those of it alone. */
  public record FlameNode(String name, long value, long self, List<FlameNode> children) {
    public FlameNode {
      children = List.copyOf(children);
    }
  }
}
