package dev.overclock.analyze;

import dev.overclock.jvm.JvmProfile;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.report.Analysis;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import dev.overclock.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

/**
 * The offline analysis: turns a flight recording of any HotSpot JVM 17 or newer, with or without
 * Overclock's own events, into the same {@link Report} the live agent writes (one model, one set
 * of writers), with JMC's rule results. The {@code analyze} command of the command line parses
 * the arguments, writes the report's files and prints its summary; nothing here prints.
 *
 * <p>A truncated or corrupted recording is analysed up to where it can be read; the report's
 * {@link Analysis#stoppedAt()} says where. A recording that yields nothing useful (missing file,
 * not a recording, no events, no complete chunk) is {@link Unreadable}.
 */
public final class RecordingAnalysis {

  /** The events the analysis reads, in the order the report lists them. */
  static final List<String> EVENTS = java.util.stream.Stream.concat(JvmProfile.EVENTS.stream(),
      java.util.stream.Stream.of("jdk.JavaExceptionThrow", "jdk.JavaErrorThrow",
          "overclock.MethodStatistics", "jdk.MethodTrace")).toList();

  /**
   * What to analyse and how.
   *
   * @param include the {@code --include} package prefixes; empty: every class outside the JDK and
   *     well-known libraries
   * @param top how many hot methods get call paths and recommendations
   * @param rules whether JMC's rules run
   */
  public record Settings(List<String> include, int top, boolean rules) {}

  private final Path recording;
  private final Chunks chunks;

  private RecordingAnalysis(Path recording, Chunks chunks) {
    this.recording = recording;
    this.chunks = chunks;
  }

  /** Finds the recording's complete chunks (reading no events yet). */
  public static RecordingAnalysis open(Path recording) throws Unreadable {
    try {
      return new RecordingAnalysis(recording, Chunks.read(recording));
    } catch (Chunks.Unreadable e) {
      throw new Unreadable(e.getMessage());
    }
  }

  /** The size of the recording file. */
  public long fileBytes() {
    return chunks.fileBytes;
  }

  /**
   * Reads the recording and builds its report.
   *
   * @param progress hears how far reading got, or {@code null}
   */
  public Report analyze(Settings settings, ReadingProgress progress) throws Unreadable {
    return analyze(settings, progress, false);
  }

  /**
   * {@link #analyze}, or with {@code everyEvent} by the full parse the stream replaced (see
   * {@link RecordingReader#read(Path, Chunks, ReadingProgress, boolean)}): for tests.
   */
  Report analyze(Settings settings, ReadingProgress progress, boolean everyEvent)
      throws Unreadable {
    // The reference read also derives everything from each stack afresh, as before the caches.
    RecordingReader reader = new RecordingReader(application(settings.include()), !everyEvent);
    // JMC's rules load the file with their own parser: on another core while this thread streams.
    FutureTask<JmcRules.Outcome> rules = new FutureTask<>(() -> runRules(recording, chunks));
    if (settings.rules()) {
      Thread rulesThread = new Thread(rules, "overclock-jmc-rules");
      rulesThread.setDaemon(true);
      rulesThread.start();
    }
    try {
      reader.read(recording, chunks, progress, everyEvent);
    } catch (IOException | RuntimeException e) {
      if (reader.events() == 0) {
        throw new Unreadable(recording + ": cannot be read as a recording: " + e.getMessage());
      }
      reader.stopped("the parser failed (" + e.getMessage() + "); the events before it are"
          + " analysed");
    } catch (StackOverflowError | OutOfMemoryError e) {
      // The JDK's parser on a hostile or huge recording: one line, never a stack trace.
      throw new Unreadable(recording + ": "
          + (e instanceof OutOfMemoryError
              ? "ran out of memory reading it (" + e.getMessage() + "); give analyze more heap:"
                  + " java -Xmx4g -jar overclock-agent.jar analyze ..."
              : "its structure nests too deeply for the JDK's parser (stack overflow); it is not"
                  + " a recording analyze can read"));
    } finally {
      if (progress != null) {
        progress.done();
      }
    }
    if (reader.events() == 0) {
      throw new Unreadable(recording + ": the recording holds no events"
          + (reader.stoppedAt() == null ? "" : " that could be read (stopped at "
          + reader.stoppedAt() + ")"));
    }
    return report(settings, reader, settings.rules() ? outcome(rules)
        : new JmcRules.Outcome(List.of(), "JMC's rules were not run (--no-rules)"));
  }

  private static JmcRules.Outcome outcome(FutureTask<JmcRules.Outcome> rules) {
    try {
      return rules.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JmcRules.Outcome(List.of(), "JMC's rules were interrupted");
    } catch (ExecutionException e) {
      return new JmcRules.Outcome(List.of(), "JMC's rules could not run: " + e.getCause());
    }
  }

  private static JmcRules.Outcome runRules(Path recording, Chunks chunks) {
    if (chunks.stoppedAt != null) {
      return new JmcRules.Outcome(List.of(), "JMC's rules were not run: the recording is"
          + " truncated or corrupted, and JMC's loader reads whole files only");
    }
    return JmcRules.run(recording, chunks.chunks);
  }

  /**
   * Application code: classes in the {@code --include} packages, or else as the live agent
   * decides it from the recorded JVM's main class and class path ({@link DetectedApplication}).
   */
  static Predicate<String> application(List<String> include) {
    if (include.isEmpty()) {
      return new DetectedApplication();
    }
    List<String> prefixes = List.copyOf(include);
    return name -> {
      for (String prefix : prefixes) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    };
  }

  private Report report(Settings settings, RecordingReader reader, JmcRules.Outcome rules) {
    List<String> events = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String type : EVENTS) {
      (reader.seenTypes().contains(type) ? events : missing).add(type);
    }
    long interval = reader.jvm().sampleIntervalNanos();
    JvmReport jvm = reader.profile().report("recording", interval, reader.jvm().thresholdNanos(),
        events, missing);
    List<MethodSnapshot> snapshots = reader.timings().snapshots();
    jvm = markTimed(jvm, snapshots);
    Instant from = jvm.from() == null ? Instant.now() : jvm.from();
    long duration = jvm.durationNanos();
    Report.Run run = run(reader, jvm, from);
    Map<String, String> features = new LinkedHashMap<>();
    features.put("recording", recording + " (" + chunks.fileBytes + " bytes, "
        + chunks.chunks.size() + (chunks.chunks.size() == 1 ? " chunk)" : " chunks)"));
    features.put("application", reader.detected() == null ? "--include " + settings.include()
        : reader.detected().basis());
    features.put("latencies", reader.timings().source() == null ? "none in the recording"
        : "from " + reader.timings().source());
    features.put("jmc.rules", rules.note() == null ? "on: " + rules.results().size()
        + " results" : rules.note());
    Report.Agent agent = new Report.Agent(Version.get(), "analyze", from, duration, List.of(),
        features);
    Report.Health health = new Report.Health(snapshots.size(), 0, 0, 0, 0, 0,
        reader.stoppedAt() == null ? List.of()
            : List.of("reading stopped at " + reader.stoppedAt()), null);
    long evidenceInterval = jvm.observedSampleIntervalNanos();
    MethodInsights insights = new MethodInsights() {
      @Override
      public MethodReport.Evidence evidence(MethodSnapshot method) {
        if (evidenceInterval <= 0) {
          return null;
        }
        dev.overclock.jvm.MethodEvidence seen = reader.profile().evidence(method.method().key());
        long cpu = seen.samples() * evidenceInterval;
        long wall = method.totalNanos();
        double share = wall <= 0 ? 0 : Math.min(1.0, (double) cpu / wall);
        return new MethodReport.Evidence(seen.samples(), cpu, wall, share, seen.lockNanos(),
            seen.ioNanos(), seen.sleepNanos(), seen.blockingEvents(),
            seen.virtualThreadEvents());
      }
    };
    Report built = ReportBuilder.build(Instant.now(), true, run, agent, health, snapshots,
        List.of(), jvm, insights);
    Set<String> timed = new HashSet<>();
    for (MethodSnapshot snapshot : snapshots) {
      timed.add(snapshot.method().key());
    }
    List<Report.Recommendation> recommendations = new ArrayList<>(built.recommendations());
    recommendations.addAll(RecordingAdvisor.advise(jvm, reader.profile(), reader.blocked(),
        reader.threads(), timed, settings.top()));
    Analysis analysis = new Analysis(recording.toString(), chunks.fileBytes,
        reader.events(), reader.stoppedAt(), unavailable(reader, jvm), reader.timings().source(),
        callPaths(reader, jvm, settings.top()), exceptions(reader), rules.results(),
        rules.note());
    return new Report(built.schemaVersion(), built.generatedAt(), true, run, agent, health,
        built.totals(), built.methods(), recommendations, built.memoized(), List.of(), jvm,
        analysis, List.of(), List.of());
  }

  /** Hot methods that the recording also has latencies for are marked timed. */
  private static JvmReport markTimed(JvmReport jvm, List<MethodSnapshot> snapshots) {
    Map<String, String> timed = new LinkedHashMap<>();
    for (MethodSnapshot snapshot : snapshots) {
      timed.put(snapshot.method().key(), snapshot.method().selectedBy());
    }
    List<JvmReport.WaitingMethod> waiting = new ArrayList<>();
    for (JvmReport.WaitingMethod method : jvm.waitingMethods()) {
      String by = timed.get(method.key());
      waiting.add(by == null ? method : method.marked(by, null));
    }
    return jvm.withMethods(mark(jvm.hotMethods(), timed), mark(jvm.topMethods(), timed), waiting);
  }

  private static List<JvmReport.HotMethod> mark(List<JvmReport.HotMethod> methods,
      Map<String, String> timed) {
    List<JvmReport.HotMethod> hot = new ArrayList<>();
    for (JvmReport.HotMethod method : methods) {
      String by = timed.get(method.key());
      hot.add(by == null ? method : method.marked(by, null));
    }
    return hot;
  }

  private static Report.Run run(RecordingReader reader, JvmReport jvm, Instant from) {
    RecordedJvm recorded = reader.jvm();
    Map<String, String> properties = recorded.properties();
    String command = properties.getOrDefault("sun.java.command", recorded.javaArguments());
    String mainClass = command.isBlank() ? "unknown" : command.trim().split("\\s+")[0];
    String javaVersion = properties.getOrDefault("java.vm.version",
        versionIn(recorded.version()));
    String vmName = properties.getOrDefault("java.vm.name", recorded.name());
    double cpu = jvm.events().contains("jdk.CPULoad") ? jvm.cpu().averageProcess() : -1;
    return new Report.Run("recording", Math.max(0, recorded.pid()), mainClass, vmName,
        properties.getOrDefault("java.vm.vendor", ""), javaVersion, feature(javaVersion),
        recorded.startedAt() == null ? from : recorded.startedAt(),
        Math.max(1, recorded.processors()), recorded.maxHeapBytes(), cpu);
  }

  /** "17.0.15+6-Debian" out of the JVM's version string "... (17.0.15+6-Debian) ...". */
  static String versionIn(String jvmVersion) {
    int open = jvmVersion.indexOf('(');
    int close = jvmVersion.indexOf(')', open + 1);
    return open >= 0 && close > open ? jvmVersion.substring(open + 1, close) : "";
  }

  static int feature(String javaVersion) {
    int end = 0;
    while (end < javaVersion.length() && Character.isDigit(javaVersion.charAt(end))) {
      end++;
    }
    try {
      return end == 0 ? 17 : Integer.parseInt(javaVersion.substring(0, end));
    } catch (NumberFormatException e) {
      return 17;
    }
  }

  private static List<String> unavailable(RecordingReader reader, JvmReport jvm) {
    List<String> lines = new ArrayList<>();
    Set<String> seen = reader.seenTypes();
    if (!seen.contains("jdk.ExecutionSample")) {
      lines.add("hot methods, call paths, flame graph and JFR-based classification: the"
          + " recording has no jdk.ExecutionSample events (its settings turned method sampling"
          + " off; -XX:StartFlightRecording's default settings sample every 20 ms)");
    }
    if (!seen.contains("jdk.CPULoad")) {
      lines.add("CPU summary: the recording has no jdk.CPULoad events");
    }
    if (!seen.contains("jdk.GarbageCollection")) {
      lines.add("GC summary: the recording has no jdk.GarbageCollection events");
    }
    if (!seen.contains("jdk.ObjectAllocationSample")) {
      lines.add("allocation sites: the recording has no jdk.ObjectAllocationSample events");
    }
    if (!seen.contains("jdk.JavaExceptionThrow") && !seen.contains("jdk.JavaErrorThrow")) {
      lines.add("exceptions by site: the recording has no jdk.JavaExceptionThrow or"
          + " jdk.JavaErrorThrow events (exception events are off in the JDK's default and"
          + " profile settings; enable jdk.JavaExceptionThrow in a .jfc)"
          + (reader.throwables() >= 0 ? "; jdk.ExceptionStatistics counted "
          + reader.throwables() + " throwables created" : ""));
    }
    if (!jvm.pinning().supported()) {
      lines.add("virtual-thread pinning: the recording has no jdk.VirtualThreadPinned event type"
          + " (JDK 21 or newer)");
    }
    if (reader.timings().source() == null) {
      lines.add("per-method latency percentiles: the recording has neither Overclock's"
          + " overclock.MethodStatistics events (record while the agent runs) nor"
          + " jdk.MethodTrace events (JDK 25: -XX:StartFlightRecording:method-trace=<filter>)"
          + (reader.methodTiming() ? "; its jdk.MethodTiming events give counts and averages but"
          + " no percentiles, so they are not used" : ""));
    }
    return lines;
  }

  private static List<Analysis.CallPath> callPaths(RecordingReader reader, JvmReport jvm,
      int top) {
    List<Analysis.CallPath> paths = new ArrayList<>();
    int methods = 0;
    for (JvmReport.HotMethod hot : jvm.hotMethods()) {
      if (methods++ >= top) {
        break;
      }
      for (Map.Entry<List<String>, Long> path : reader.paths().top(hot.key(), 3)) {
        paths.add(new Analysis.CallPath(hot.key(), path.getKey(), path.getValue()));
      }
    }
    return paths;
  }

  private static List<Analysis.ExceptionSite> exceptions(RecordingReader reader) {
    // jdk.JavaExceptionThrow covers every throwable; errors only count on their own without it.
    Sites sites = reader.exceptions().total > 0 ? reader.exceptions() : reader.errors();
    List<Analysis.ExceptionSite> list = new ArrayList<>();
    for (Sites.Entry entry : sites.top(20)) {
      list.add(new Analysis.ExceptionSite(entry.site(), entry.className(), entry.count()));
    }
    return list;
  }
}
