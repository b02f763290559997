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
import java.util.TreeSet;
import java.util.function.Predicate;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a recording event by event with {@link RecordingFile} and folds each event into the
 * same {@link JvmProfile} the live agent fills from its stream, plus what only an offline
 * analysis has: per-method latencies ({@link MethodTimings}), call paths, exceptions by site,
 * blocking time per method, and the JVM the recording came from.
 *
 * <h2>Why it must be careful</h2>
 *
 * Recordings can be far larger than the heap. The parser hands out one event at a time and no
 * event is kept: every structure here is bounded (see each class), so memory does not grow with
 * the file. A file whose tail is truncated or corrupted is read up to its last complete chunk
 * (found by {@link Chunks}); a parser failure further in stops reading there, and what was read
 * is still analysed.
 */
final class RecordingReader {

  private final Predicate<String> application;
  final JvmProfile profile;
  final MethodTimings timings = new MethodTimings();
  final Sites exceptions = new Sites(4_096);
  final Sites errors = new Sites(4_096);
  final CallPaths paths;
  final BlockedMethods blocked = new BlockedMethods(5_000);
  final Map<String, String> properties = new HashMap<>();
  final TreeSet<String> seenTypes = new TreeSet<>();
  private final RecordedFrames frames = new RecordedFrames();
  private final EventFields fields = new EventFields();
  private final Map<Long, String> typeNames = new HashMap<>();

  long events;
  private Instant last;
  long sampleIntervalNanos;
  long thresholdNanos;
  long throwables = -1;
  String stoppedAt;
  String jvmName = "";
  String jvmVersion = "";
  String javaArguments = "";
  long pid;
  Instant jvmStartedAt;
  int processors;
  long maxHeapBytes;
  boolean methodTiming;
  final DetectedApplication detected;

  RecordingReader(Predicate<String> application) {
    this.detected = application instanceof DetectedApplication
        ? (DetectedApplication) application : null;
    this.application = name -> !JvmProfile.isJdk(name) && application.test(name);
    this.profile = new JvmProfile(application);
    this.paths = new CallPaths(this.application, 20_000);
  }

  /** Reads every readable event of the file; {@code progress} hears about file positions. */
  void read(Path file, Chunks chunks, ReadingProgress progress) throws IOException {
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
      readTypes(readable);
      profile.pinningSupported(typeNames.containsValue("jdk.VirtualThreadPinned"));
      try (RecordingFile recording = new RecordingFile(readable)) {
        while (recording.hasMoreEvents()) {
          RecordedEvent event;
          try {
            event = recording.readEvent();
          } catch (IOException | RuntimeException e) {
            long at = last == null ? 0 : chunks.position(epochNanos(last));
            stoppedAt = String.format(Locale.ROOT, "about byte %d of %d: the parser failed (%s);"
                + " the events before it are analysed", at, chunks.fileBytes, e.getMessage());
            break;
          }
          events++;
          handle(event);
          last = event.getStartTime();
          if ((events & 0xfff) == 0 && progress != null) {
            progress.at(last == null ? 0 : chunks.position(epochNanos(last)));
          }
        }
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
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

  private void handle(RecordedEvent event) {
    String type = event.getEventType().getName();
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
      if (!JvmProfile.isJdk(frame.className())) {
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
      if (nonJdk == null && !JvmProfile.isJdk(frame.className())) {
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
