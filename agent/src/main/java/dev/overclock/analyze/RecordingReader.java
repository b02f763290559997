package dev.overclock.analyze;

import dev.overclock.jvm.Blocking;
import dev.overclock.jvm.EventFields;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.RecordedFrames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a recording event by event with an {@link EventStream} and folds each event into the
 * same {@link JvmProfile} the live agent fills from its stream, plus what only an offline
 * analysis has: per-method latencies ({@link MethodTimings}), call paths, exceptions by site,
 * blocking time per method, and the JVM the recording came from.
 *
 * <h2>Why it must be careful</h2>
 *
 * Recordings can be far larger than the heap. The stream parses only the event types the report
 * uses ({@link #HANDLED}; the others are skipped by size), in file order, hands out one event at a
 * time (the same object, reused) and no event is kept: every structure here is bounded (see each
 * class), so memory does not grow with the file. A file whose tail is truncated or corrupted is read up to its last complete chunk
 * (found by {@link Chunks}); a parser failure further in stops reading there, and what was read
 * is still analysed.
 */
final class RecordingReader {

  /**
   * Every event type {@link #dispatch} uses: the only ones the stream parses. The rest are
   * skipped by their record's size, unread.
   */
  static final List<String> HANDLED = List.of(
      "jdk.ExecutionSample", "jdk.CPULoad", "jdk.GarbageCollection", "jdk.GCHeapSummary",
      "jdk.ObjectAllocationSample", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
      "jdk.ThreadPark", "jdk.ThreadSleep", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead",
      "jdk.FileWrite", "jdk.VirtualThreadPinned", "jdk.JavaExceptionThrow", "jdk.JavaErrorThrow",
      "jdk.ExceptionStatistics", MethodTimings.STATISTICS, MethodTimings.TRACE,
      "jdk.MethodTiming", "jdk.ActiveSetting", "jdk.JVMInformation", "jdk.InitialSystemProperty",
      "jdk.CPUInformation", "jdk.GCHeapConfiguration");

  private final Predicate<String> application;
  private final JvmProfile profile;
  private final MethodTimings timings = new MethodTimings();
  private final Sites exceptions = new Sites(4_096);
  private final Sites errors = new Sites(4_096);
  private final CallPaths paths;
  private final BlockedMethods blocked = new BlockedMethods(5_000);
  private final Map<String, String> properties = new HashMap<>();
  private final TreeSet<String> seenTypes = new TreeSet<>();
  private final RecordedFrames frames = new RecordedFrames();
  private final EventFields fields = new EventFields();
  private final Map<Long, String> typeNames = new HashMap<>();

  private long events;
  private long parsed;
  private Instant last;
  private long sampleIntervalNanos;
  private long thresholdNanos;
  private long throwables = -1;
  private String stoppedAt;
  private String jvmName = "";
  private String jvmVersion = "";
  private String javaArguments = "";
  private long pid;
  private Instant jvmStartedAt;
  private int processors;
  private long maxHeapBytes;
  private boolean methodTiming;
  private final DetectedApplication detected;

  RecordingReader(Predicate<String> application) {
    this.detected = application instanceof DetectedApplication
        ? (DetectedApplication) application : null;
    Predicate<String> remembered = remembered(application);
    this.application = remembered(name -> !JvmProfile.isJdk(name) && remembered.test(name));
    this.profile = new JvmProfile(remembered);
    this.paths = new CallPaths(this.application, 20_000);
  }

  /**
   * {@code test}, with its answers kept per class name (up to 65,536 names, then forgotten):
   * it is asked about every frame of every stack, and matching a name against the library
   * prefixes again each time was a large share of reading a recording of deep stacks. For the
   * reading thread only.
   */
  private static Predicate<String> remembered(Predicate<String> test) {
    Map<String, Boolean> known = new HashMap<>();
    return name -> {
      Boolean answer = known.get(name);
      if (answer == null) {
        if (known.size() >= 65_536) {
          known.clear();
        }
        answer = test.test(name);
        known.put(name, answer);
      }
      return answer;
    };
  }

  /** Reads every readable event of the file; {@code progress} hears about file positions. */
  void read(Path file, Chunks chunks, ReadingProgress progress) throws IOException {
    read(file, chunks, progress, false);
  }

  /**
   * {@link #read}, or with {@code everyEvent} the way the analysis read before it streamed: every
   * event of the file parsed with {@link RecordingFile} and counted as it comes. Kept as the
   * reference tests compare the stream's report with, figure by figure.
   */
  void read(Path file, Chunks chunks, ReadingProgress progress, boolean everyEvent)
      throws IOException {
    Path readable = file;
    Path temp = null;
    if (chunks.stoppedAt != null) {
      // Give the parser only the complete chunks: what follows them is not a recording.
      temp = Files.createTempFile("overclock-analyze-", ".jfr");
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        long done = 0;
        long wanted = chunks.readableBytes();
        while (done < wanted) {
          done += in.transferTo(done, wanted - done, out);
        }
      }
      readable = temp;
      stoppedAt = chunks.stoppedAt;
    }
    try {
      if (everyEvent) {
        readTypes(readable);
        profile.pinningSupported(typeNames.containsValue("jdk.VirtualThreadPinned"));
        readEveryEvent(readable);
      } else {
        stream(readable, chunks, progress);
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Streams the events of {@link #HANDLED} types, in file order (as {@link
   * jdk.jfr.consumer.RecordingFile} reads them: sorting would hold a chunk's events), then counts
   * all events from the records' headers ({@link EventCount}).
   */
  /** The application as the recording's JVM showed it, or null when {@code --include} named it. */
  DetectedApplication detected() {
    return detected;
  }

  private void stream(Path readable, Chunks chunks, ReadingProgress progress) throws IOException {
    boolean complete = false;
    try (EventStream stream = EventStream.openFile(readable)) {
      stream.setOrdered(false);
      stream.setReuse(true);
      // The types come with each chunk's metadata, before its events: reading them first with a
      // RecordingFile parsed every chunk's metadata twice.
      stream.onMetadata(metadata -> learnTypes(metadata.getEventTypes()));
      for (String type : HANDLED) {
        stream.onEvent(type, event -> {
          parsed++;
          handle(type, event);
          last = event.getStartTime();
          if ((parsed & 0xfff) == 0 && progress != null) {
            progress.at(last == null ? 0 : chunks.position(epochNanos(last)));
          }
        });
      }
      stream.start();
      complete = true;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // A crafted recording can nest the parser's recursion (stack frames, types) deep enough
      // to overflow the stack: the events before it still count.
      long at = last == null ? 0 : chunks.position(epochNanos(last));
      stoppedAt = String.format(Locale.ROOT, "about byte %d of %d: the parser failed (%s);"
          + " the events before it are analysed", at, chunks.fileBytes, e.getMessage());
    }
    events = parsed;
    if (complete) {
      try {
        events = EventCount.of(readable, chunks);
      } catch (IOException | RuntimeException e) {
        // The parser read every chunk, so this cannot happen short of the file changing; the
        // events parsed are then the best count there is.
      }
    }
  }

  private void readEveryEvent(Path readable) throws IOException {
    Set<String> handled = Set.copyOf(HANDLED);
    try (RecordingFile recording = new RecordingFile(readable)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        events++;
        String type = event.getEventType().getName();
        if (handled.contains(type)) {
          handle(type, event);
        }
      }
    }
  }

  /** Learns the ids of event types, which {@code jdk.ActiveSetting} events refer to. */
  private void readTypes(Path file) {
    try (RecordingFile recording = new RecordingFile(file)) {
      for (EventType type : recording.readEventTypes()) {
        typeNames.put(type.getId(), type.getName());
      }
    } catch (IOException | RuntimeException e) {
      // Settings are then unknown; the events themselves may still be readable.
    }
  }

  /** {@link #readTypes} for one chunk's types, as the stream hands them out. */
  private void learnTypes(List<EventType> types) {
    for (EventType type : types) {
      typeNames.put(type.getId(), type.getName());
      if (type.getName().equals("jdk.VirtualThreadPinned")) {
        profile.pinningSupported(true);
      }
    }
  }

  private void handle(String type, RecordedEvent event) {
    try {
      dispatch(type, event);
      seenTypes.add(type);
    } catch (RuntimeException e) {
      // A field missing in some JDK's version of an event costs that event only.
    }
  }

  private void dispatch(String type, RecordedEvent event) {
    switch (type) {
      case "jdk.ExecutionSample": {
        List<Frame> stack = frames.frames(event.getStackTrace());
        profile.executionSample(event.getStartTime(),
            RecordedFrames.sampledThread(event), stack,
            RecordedFrames.truncated(event.getStackTrace()));
        paths.add(stack);
        break;
      }
      case "jdk.CPULoad":
        profile.cpuLoad(event.getStartTime(),
            event.getFloat("jvmUser") + event.getFloat("jvmSystem"),
            event.getFloat("machineTotal"));
        break;
      case "jdk.GarbageCollection":
        profile.garbageCollection(event.getStartTime(), event.getString("name"),
            event.getDuration("sumOfPauses").toNanos());
        break;
      case "jdk.GCHeapSummary":
        if ("After GC".equals(event.getString("when"))) {
          profile.heapAfterGc(event.getStartTime(), event.getLong("heapUsed"));
        }
        break;
      case "jdk.ObjectAllocationSample":
        profile.allocation(event.getStartTime(), frames.frames(event.getStackTrace()),
            fields.className(event, "objectClass"), event.getLong("weight"));
        break;
      case "jdk.JavaMonitorEnter":
        blocked(event, Blocking.MONITOR, fields.className(event, "monitorClass"), 0);
        break;
      case "jdk.JavaMonitorWait":
        blocked(event, Blocking.WAIT, fields.className(event, "monitorClass"), 0);
        break;
      case "jdk.ThreadPark":
        blocked(event, Blocking.PARK, fields.className(event, "parkedClass"), 0);
        break;
      case "jdk.ThreadSleep":
        blocked(event, Blocking.SLEEP, "", 0);
        break;
      case "jdk.SocketRead":
        blocked(event, Blocking.SOCKET_READ, fields.endpoint(event), event.getLong("bytesRead"));
        break;
      case "jdk.SocketWrite":
        blocked(event, Blocking.SOCKET_WRITE, fields.endpoint(event),
            event.getLong("bytesWritten"));
        break;
      case "jdk.FileRead":
        blocked(event, Blocking.FILE_READ, event.getString("path"), event.getLong("bytesRead"));
        break;
      case "jdk.FileWrite":
        blocked(event, Blocking.FILE_WRITE, event.getString("path"),
            event.getLong("bytesWritten"));
        break;
      case "jdk.VirtualThreadPinned":
        profile.pinningSupported(true);
        profile.pinned(event.getStartTime(), frames.frames(event.getStackTrace()),
            event.getDuration().toNanos());
        break;
      case "jdk.JavaExceptionThrow":
        exceptions.add(throwSite(frames.frames(event.getStackTrace())),
            fields.className(event, "thrownClass"));
        break;
      case "jdk.JavaErrorThrow":
        errors.add(throwSite(frames.frames(event.getStackTrace())),
            fields.className(event, "thrownClass"));
        break;
      case "jdk.ExceptionStatistics":
        throwables = Math.max(throwables, event.getLong("throwables"));
        break;
      case MethodTimings.STATISTICS:
        timings.statistics(event.getString("method"), event.getString("descriptor"),
            event.getString("selectedBy"), event.getLong("calls"), event.getLong("errors"),
            event.getLong("mean"), event.getLong("p50"), event.getLong("p90"),
            event.getLong("p99"), event.getLong("max"));
        break;
      case MethodTimings.TRACE: {
        RecordedMethod method = event.getValue("method");
        if (method != null) {
          timings.trace(method.getType().getName(), method.getName(), method.getDescriptor(),
              event.getDuration().toNanos());
        }
        break;
      }
      case "jdk.MethodTiming":
        methodTiming = true;
        break;
      case "jdk.ActiveSetting":
        setting(event);
        break;
      case "jdk.JVMInformation":
        jvmName = orEmpty(event.getString("jvmName"));
        jvmVersion = orEmpty(event.getString("jvmVersion"));
        javaArguments = orEmpty(event.getString("javaArguments"));
        pid = event.getLong("pid");
        jvmStartedAt = event.getInstant("jvmStartTime");
        break;
      case "jdk.InitialSystemProperty":
        if (properties.size() < 64) {
          String key = event.getString("key");
          if ("java.vm.version".equals(key) || "java.vm.vendor".equals(key)
              || "java.vm.name".equals(key) || "sun.java.command".equals(key)) {
            properties.put(key, orEmpty(event.getString("value")));
          }
          if (detected != null) {
            detected.property(key, orEmpty(event.getString("value")));
          }
        }
        break;
      case "jdk.CPUInformation":
        processors = Math.max(processors, event.getInt("hwThreads"));
        break;
      case "jdk.GCHeapConfiguration":
        maxHeapBytes = Math.max(maxHeapBytes, event.getLong("maxSize"));
        break;
      default:
        break;
    }
  }

  private void blocked(RecordedEvent event, Blocking kind, String detail, long bytes) {
    List<Frame> stack = frames.frames(event.getStackTrace());
    profile.threadStack(event.getStartTime(), RecordedFrames.threadId(event.getThread()), stack,
        RecordedFrames.truncated(event.getStackTrace()));
    Frame inner = null;
    for (Frame frame : stack) {
      if (!frame.jdk()) {
        inner = inner == null ? frame : inner;
        if (application.test(frame.className())) {
          inner = frame;
          break;
        }
      }
    }
    if (inner == null) {
      return; // a pool thread idle in the JDK, waiting for work: not the application waiting
    }
    long nanos = event.getDuration().toNanos();
    profile.blocked(event.getStartTime(), kind, stack, detail == null ? "" : detail, nanos,
        Math.max(0, bytes), RecordedFrames.isVirtual(event.getThread()));
    blocked.add(inner, nanos);
  }

  /**
   * The site that created a throwable: below the constructors at the top of its stack, the
   * innermost application frame, else the innermost frame outside the JDK, else the first.
   */
  private String throwSite(List<Frame> stack) {
    int start = 0;
    while (start < stack.size() && stack.get(start).methodName().equals("<init>")) {
      start++;
    }
    Frame nonJdk = null;
    for (int i = start; i < stack.size(); i++) {
      Frame frame = stack.get(i);
      if (application.test(frame.className())) {
        return frame.site();
      }
      if (nonJdk == null && !frame.jdk()) {
        nonJdk = frame;
      }
    }
    if (nonJdk != null) {
      return nonJdk.site();
    }
    return start < stack.size() ? stack.get(start).site() : "(no stack)";
  }

  private void setting(RecordedEvent event) {
    String name = typeNames.get(event.getLong("id"));
    String setting = event.getString("name");
    long nanos = Durations.parse(event.getString("value"));
    if (name == null || nanos < 0) {
      return;
    }
    if (name.equals("jdk.ExecutionSample") && "period".equals(setting) && nanos > 0) {
      // Settings of all recordings merge: the shortest period wins.
      sampleIntervalNanos = sampleIntervalNanos == 0 ? nanos : Math.min(sampleIntervalNanos, nanos);
    } else if ("threshold".equals(setting) && isBlocking(name)) {
      thresholdNanos = thresholdNanos == 0 ? nanos : Math.min(thresholdNanos, nanos);
    }
  }

  private static boolean isBlocking(String type) {
    switch (type) {
      case "jdk.JavaMonitorEnter":
      case "jdk.ThreadPark":
      case "jdk.SocketRead":
      case "jdk.FileRead":
        return true;
      default:
        return false;
    }
  }

  /** Marks reading as stopped early, and why (for the report). */
  void stopped(String why) {
    stoppedAt = why;
  }

  JvmProfile profile() {
    return profile;
  }

  MethodTimings timings() {
    return timings;
  }

  Sites exceptions() {
    return exceptions;
  }

  Sites errors() {
    return errors;
  }

  CallPaths paths() {
    return paths;
  }

  BlockedMethods blocked() {
    return blocked;
  }

  /** The few JVM system properties the report names ({@code java.vm.version}, ...). */
  Map<String, String> properties() {
    return properties;
  }

  /** The event types of {@link #HANDLED} seen at least once. */
  Set<String> seenTypes() {
    return seenTypes;
  }

  /** The events of the readable chunks, of every type. */
  long events() {
    return events;
  }

  long sampleIntervalNanos() {
    return sampleIntervalNanos;
  }

  long thresholdNanos() {
    return thresholdNanos;
  }

  /** The throwables {@code jdk.ExceptionStatistics} counted, or -1 without such events. */
  long throwables() {
    return throwables;
  }

  /** Where and why reading stopped early, or {@code null}. */
  String stoppedAt() {
    return stoppedAt;
  }

  String jvmName() {
    return jvmName;
  }

  String jvmVersion() {
    return jvmVersion;
  }

  String javaArguments() {
    return javaArguments;
  }

  long pid() {
    return pid;
  }

  Instant jvmStartedAt() {
    return jvmStartedAt;
  }

  int processors() {
    return processors;
  }

  long maxHeapBytes() {
    return maxHeapBytes;
  }

  /** Whether the recording has {@code jdk.MethodTiming} events (not used: no percentiles). */
  boolean methodTiming() {
    return methodTiming;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** JFR's setting values for times: {@code 20 ms}, {@code 1 s}, {@code 0 ns}. */
  static final class Durations {
    private Durations() {}

    /** Nanoseconds, or -1 when the value is not a time ({@code off}, {@code everyChunk}). */
    static long parse(String value) {
      if (value == null) {
        return -1;
      }
      String text = value.trim().toLowerCase(Locale.ROOT);
      int unit = 0;
      while (unit < text.length() && (Character.isDigit(text.charAt(unit))
          || text.charAt(unit) == '.')) {
        unit++;
      }
      if (unit == 0) {
        return -1;
      }
      double number;
      try {
        number = Double.parseDouble(text.substring(0, unit));
      } catch (NumberFormatException e) {
        return -1;
      }
      switch (text.substring(unit).trim()) {
        case "ns":
          return Math.round(number);
        case "us":
          return Math.round(number * 1e3);
        case "ms":
          return Math.round(number * 1e6);
        case "s":
          return Math.round(number * 1e9);
        case "m":
        case "min":
          return Math.round(number * 60e9);
        case "h":
          return Math.round(number * 3600e9);
        case "d":
          return Math.round(number * 86400e9);
        default:
          return -1;
      }
    }
  }
}
