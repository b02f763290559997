package dev.overclock.analyze;

import dev.overclock.agent.Version;
import dev.overclock.jfr.HotMethodDetector;
import dev.overclock.log.Printable;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.report.Analysis;
import dev.overclock.report.HtmlReportWriter;
import dev.overclock.report.JsonReportWriter;
import dev.overclock.report.JvmReport;
import dev.overclock.report.MethodInsights;
import dev.overclock.report.MethodReport;
import dev.overclock.report.Report;
import dev.overclock.report.ReportBuilder;
import dev.overclock.report.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code analyze <recording.jfr>}: turns a flight recording of any HotSpot JVM 17 or newer,
 * with or without Overclock's own events, into the same report the live agent writes (one model,
 * one set of writers), with JMC's rule results and a configuration file that applies the
 * recommendations.
 *
 * <p>Exit codes: 0 when a report was produced (also from the readable part of a truncated
 * recording, which the report and a line on standard error point out), 1 when nothing useful
 * could be read (missing file, not a recording, no events, no complete chunk), 2 for a usage
 * error.
 */
public final class AnalyzeCommand {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int DEFAULT_TOP = 10;

  /** The events the analysis reads, in the order the report lists them. */
  static final List<String> EVENTS = List.of(
      "jdk.ExecutionSample",
      "jdk.CPULoad",
      "jdk.GarbageCollection",
      "jdk.GCHeapSummary",
      "jdk.ObjectAllocationSample",
      "jdk.JavaMonitorEnter",
      "jdk.JavaMonitorWait",
      "jdk.ThreadPark",
      "jdk.ThreadSleep",
      "jdk.SocketRead",
      "jdk.SocketWrite",
      "jdk.FileRead",
      "jdk.FileWrite",
      "jdk.VirtualThreadPinned",
      "jdk.JavaExceptionThrow",
      "jdk.JavaErrorThrow",
      "overclock.MethodStatistics",
      "jdk.MethodTrace");

  static final String USAGE_LINE = "usage: analyze <recording.jfr> [--html out.html]"
      + " [--json out.json] [--config-out overclock.properties] [--include com.acme[;org.shop]]"
      + " [--top N] [--no-rules] [--quiet]";

  private AnalyzeCommand() {}

  /** Options of one run. */
  record Options(Path recording, Path html, Path json, Path configOut, List<String> include,
      int top, boolean rules, boolean quiet) {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("overclock analyze: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    Chunks chunks;
    try {
      chunks = Chunks.read(options.recording());
    } catch (Chunks.Unreadable e) {
      err.println("overclock analyze: " + e.getMessage());
      return FAILED;
    }
    RecordingReader reader = new RecordingReader(application(options.include()));
    Progress progress = Progress.forFile(err, options.recording().getFileName().toString(),
        chunks.fileBytes, options.quiet());
    try {
      reader.read(options.recording(), chunks, progress);
    } catch (IOException | RuntimeException e) {
      if (reader.events == 0) {
        err.println("overclock analyze: " + options.recording() + ": cannot be read as a"
            + " recording: " + e.getMessage());
        return FAILED;
      }
      reader.stoppedAt = "the parser failed (" + e.getMessage() + "); the events before it are"
          + " analysed";
    } catch (StackOverflowError | OutOfMemoryError e) {
      // The JDK's parser on a hostile or huge recording: one line, never a stack trace.
      err.println("overclock analyze: " + options.recording() + ": "
          + (e instanceof OutOfMemoryError
              ? "ran out of memory reading it (" + e.getMessage() + "); give analyze more heap:"
                  + " java -Xmx4g -jar overclock-agent.jar analyze ..."
              : "its structure nests too deeply for the JDK's parser (stack overflow); it is not"
                  + " a recording analyze can read"));
      return FAILED;
    } finally {
      if (progress != null) {
        progress.done();
      }
    }
    if (reader.events == 0) {
      err.println("overclock analyze: " + options.recording() + ": the recording holds no events"
          + (reader.stoppedAt == null ? "" : " that could be read (stopped at "
          + reader.stoppedAt + ")"));
      return FAILED;
    }
    if (reader.stoppedAt != null) {
      err.println("overclock analyze: " + options.recording() + ": reading stopped at "
          + reader.stoppedAt);
    }
    JmcRules.Outcome rules = options.rules()
        ? runRules(options.recording(), chunks)
        : new JmcRules.Outcome(List.of(), "JMC's rules were not run (--no-rules)");
    Report report = report(options, chunks, reader, rules);
    try {
      write(options, report, out);
    } catch (IOException e) {
      err.println("overclock analyze: cannot write the report: " + e.getMessage());
      return FAILED;
    }
    summary(report, out);
    return OK;
  }

  private static JmcRules.Outcome runRules(Path recording, Chunks chunks) {
    if (chunks.stoppedAt != null) {
      return new JmcRules.Outcome(List.of(), "JMC's rules were not run: the recording is"
          + " truncated or corrupted, and JMC's loader reads whole files only");
    }
    return JmcRules.run(recording, chunks.readableBytes());
  }

  static Options parse(String[] args) {
    Path recording = null;
    Path html = null;
    Path json = null;
    Path configOut = null;
    List<String> include = new ArrayList<>();
    int top = DEFAULT_TOP;
    boolean rules = true;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "--html":
          html = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--json":
          json = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--config-out":
          configOut = Path.of(value != null ? value : next(args, i++, arg));
          break;
        case "--include":
          for (String prefix : (value != null ? value : next(args, i++, arg)).split("[;,]")) {
            if (!prefix.isBlank()) {
              include.add(prefix.trim());
            }
          }
          break;
        case "--top": {
          String text = value != null ? value : next(args, i++, arg);
          try {
            top = Integer.parseInt(text);
          } catch (NumberFormatException e) {
            top = -1;
          }
          if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("bad value '" + text + "' for --top: expected a"
                + " whole number from 1 to 1000");
          }
          break;
        }
        case "--no-rules":
          rules = false;
          break;
        case "--quiet":
          quiet = true;
          break;
        default:
          if (arg.startsWith("-") && !arg.equals("-")) {
            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
          }
          if (recording != null) {
            throw new IllegalArgumentException("one recording at a time: got '" + recording
                + "' and '" + arg + "'");
          }
          recording = Path.of(arg);
      }
    }
    if (recording == null) {
      throw new IllegalArgumentException("no recording given");
    }
    return new Options(recording, html, json, configOut, include, top, rules, quiet);
  }

  private static String next(String[] args, int index, String option) {
    if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index + 1];
  }

  /**
   * Application code: classes in the {@code --include} packages, or else every class outside the
   * JDK and well-known libraries (the live agent's rule).
   */
  static Predicate<String> application(List<String> include) {
    if (include.isEmpty()) {
      return name -> !HotMethodDetector.isLibrary(name);
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

  // ---- the report ----

  static Report report(Options options, Chunks chunks, RecordingReader reader,
      JmcRules.Outcome rules) {
    List<String> events = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String type : EVENTS) {
      (reader.seenTypes.contains(type) ? events : missing).add(type);
    }
    long interval = reader.sampleIntervalNanos;
    JvmReport jvm = reader.profile.report("recording", interval, reader.thresholdNanos, events,
        missing);
    List<MethodSnapshot> snapshots = reader.timings.snapshots();
    jvm = markTimed(jvm, snapshots);
    Instant from = jvm.from() == null ? Instant.now() : jvm.from();
    long duration = jvm.durationNanos();
    Report.Run run = run(reader, jvm, from);
    Map<String, String> features = new LinkedHashMap<>();
    features.put("recording", options.recording() + " (" + chunks.fileBytes + " bytes, "
        + chunks.chunks.size() + (chunks.chunks.size() == 1 ? " chunk)" : " chunks)"));
    features.put("latencies", reader.timings.source() == null ? "none in the recording"
        : "from " + reader.timings.source());
    features.put("jmc.rules", rules.note() == null ? "on: " + rules.results().size()
        + " results" : rules.note());
    Report.Agent agent = new Report.Agent(Version.get(), "analyze", from, duration, List.of(),
        features);
    Report.Health health = new Report.Health(snapshots.size(), 0, 0, 0, 0, 0,
        reader.stoppedAt == null ? List.of() : List.of("reading stopped at " + reader.stoppedAt));
    long evidenceInterval = jvm.observedSampleIntervalNanos();
    MethodInsights insights = new MethodInsights() {
      @Override
      public MethodReport.Evidence evidence(MethodSnapshot method) {
        if (evidenceInterval <= 0) {
          return null;
        }
        dev.overclock.jvm.MethodEvidence seen = reader.profile.evidence(method.method().key());
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
    recommendations.addAll(RecordingAdvisor.advise(jvm, reader.profile, reader.blocked, timed,
        options.top()));
    Analysis analysis = new Analysis(options.recording().toString(), chunks.fileBytes,
        reader.events, reader.stoppedAt, unavailable(reader, jvm), reader.timings.source(),
        callPaths(reader, jvm, options.top()), exceptions(reader), rules.results(),
        rules.note());
    return new Report(built.schemaVersion(), built.generatedAt(), true, run, agent, health,
        built.totals(), built.methods(), recommendations, built.memoized(), jvm, analysis);
  }

  /** Hot methods that the recording also has latencies for are marked timed. */
  private static JvmReport markTimed(JvmReport jvm, List<MethodSnapshot> snapshots) {
    Map<String, String> timed = new LinkedHashMap<>();
    for (MethodSnapshot snapshot : snapshots) {
      timed.put(snapshot.method().key(), snapshot.method().selectedBy());
    }
    List<JvmReport.HotMethod> hot = new ArrayList<>();
    for (JvmReport.HotMethod method : jvm.hotMethods()) {
      String by = timed.get(method.key());
      hot.add(by == null ? method : new JvmReport.HotMethod(method.name(), method.key(),
          method.selfSamples(), method.totalSamples(), method.selfShare(), method.totalShare(),
          by, null));
    }
    return new JvmReport(jvm.source(), jvm.from(), jvm.to(), jvm.sampleIntervalNanos(),
        jvm.observedSampleIntervalNanos(), jvm.thresholdNanos(), jvm.events(),
        jvm.missingEvents(), jvm.cpu(), jvm.gc(), jvm.allocation(), jvm.contention(), jvm.io(),
        jvm.pinning(), hot, jvm.flameGraph());
  }

  private static Report.Run run(RecordingReader reader, JvmReport jvm, Instant from) {
    String command = reader.properties.getOrDefault("sun.java.command", reader.javaArguments);
    String mainClass = command.isBlank() ? "unknown" : command.trim().split("\\s+")[0];
    String javaVersion = reader.properties.getOrDefault("java.vm.version",
        versionIn(reader.jvmVersion));
    String vmName = reader.properties.getOrDefault("java.vm.name", reader.jvmName);
    double cpu = jvm.events().contains("jdk.CPULoad") ? jvm.cpu().averageProcess() : -1;
    return new Report.Run("recording", Math.max(0, reader.pid), mainClass, vmName,
        reader.properties.getOrDefault("java.vm.vendor", ""), javaVersion, feature(javaVersion),
        reader.jvmStartedAt == null ? from : reader.jvmStartedAt, Math.max(1, reader.processors),
        reader.maxHeapBytes, cpu);
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
    Set<String> seen = reader.seenTypes;
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
          + (reader.throwables >= 0 ? "; jdk.ExceptionStatistics counted " + reader.throwables
          + " throwables created" : ""));
    }
    if (!jvm.pinning().supported()) {
      lines.add("virtual-thread pinning: the recording has no jdk.VirtualThreadPinned event type"
          + " (JDK 21 or newer)");
    }
    if (reader.timings.source() == null) {
      lines.add("per-method latency percentiles: the recording has neither Overclock's"
          + " overclock.MethodStatistics events (record while the agent runs) nor"
          + " jdk.MethodTrace events (JDK 25: -XX:StartFlightRecording:method-trace=<filter>)"
          + (reader.methodTiming ? "; its jdk.MethodTiming events give counts and averages but"
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
      for (Map.Entry<List<String>, Long> path : reader.paths.top(hot.key(), 3)) {
        paths.add(new Analysis.CallPath(hot.key(), path.getKey(), path.getValue()));
      }
    }
    return paths;
  }

  private static List<Analysis.ExceptionSite> exceptions(RecordingReader reader) {
    // jdk.JavaExceptionThrow covers every throwable; errors only count on their own without it.
    Sites sites = reader.exceptions.total > 0 ? reader.exceptions : reader.errors;
    List<Analysis.ExceptionSite> list = new ArrayList<>();
    for (Sites.Entry entry : sites.top(20)) {
      list.add(new Analysis.ExceptionSite(entry.site(), entry.className(), entry.count()));
    }
    return list;
  }

  // ---- output ----

  private static void write(Options options, Report report, PrintStream out) throws IOException {
    Path html = options.html();
    Path json = options.json();
    if (html == null && json == null && options.configOut() == null) {
      Path dir = Path.of("overclock-report");
      html = dir.resolve("report.html");
      json = dir.resolve("report.json");
    }
    if (json != null) {
      writeFile(json, JsonReportWriter.write(report));
      out.println("wrote " + json);
    }
    if (html != null) {
      writeFile(html, HtmlReportWriter.write(report));
      out.println("wrote " + html);
    }
    if (options.configOut() != null) {
      writeFile(options.configOut(), ConfigOut.write(report, options.recording()));
      out.println("wrote " + options.configOut());
    }
  }

  /** Replaces the file whole: a reader never sees half of it. */
  static void writeFile(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Prints what was found. Every line goes through {@link Printable}: names come from the
   * recording, which may have been crafted to put terminal escapes or line breaks in them.
   */
  private static void summary(Report report, PrintStream out) {
    JvmReport jvm = report.jvm();
    Analysis analysis = report.analysis();
    out.println(Printable.of(String.format(Locale.ROOT,
        "%s: %d events over %s from %s (Java %s, pid %d)", analysis.recording(),
        analysis.events(), Units.duration(jvm.durationNanos()), report.run().mainClass(),
        report.run().javaVersion(), report.run().pid())));
    if (!jvm.hotMethods().isEmpty()) {
      out.println("hot methods (share of execution samples, self / total):");
      int shown = 0;
      for (JvmReport.HotMethod hot : jvm.hotMethods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT, "  %6s / %6s  %s",
            Units.percent(hot.selfShare()), Units.percent(hot.totalShare()), hot.name())));
      }
    }
    if (!report.methods().isEmpty()) {
      out.println(Printable.of("timed methods (" + analysis.latencySource() + "):"));
      int shown = 0;
      for (MethodReport method : report.methods()) {
        if (shown++ >= 5) {
          break;
        }
        out.println(Printable.of(String.format(Locale.ROOT,
            "  %10d calls  p50 %-9s p99 %-9s %s",
            method.calls(), Units.duration(method.latency().p50()),
            Units.duration(method.latency().p99()), method.name())));
      }
    }
    if (!report.recommendations().isEmpty()) {
      out.println("recommendations:");
      for (Report.Recommendation recommendation : report.recommendations()) {
        out.println(Printable.of("  " + recommendation.kind() + " " + recommendation.method()
            + ": " + recommendation.text()));
      }
    }
    long warnings = analysis.rules().stream().filter(r -> r.severity().equals("WARNING")).count();
    if (analysis.rulesNote() != null) {
      out.println(Printable.of(analysis.rulesNote()));
    } else {
      out.println(Printable.of("JMC rules: " + analysis.rules().size() + " results, " + warnings
          + (warnings == 1 ? " warning" : " warnings")));
    }
    for (String line : analysis.unavailable()) {
      out.println(Printable.of("unavailable: " + line));
    }
  }
}
