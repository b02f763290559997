package dev.overclock.analyze;

import dev.overclock.jvm.Blocking;
import dev.overclock.jvm.EventFields;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.RecordedFrames;
import dev.overclock.jvm.ThreadStacks;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * Folds each event of a recording into what the report is built from: the same {@link JvmProfile}
 * the live agent fills from its stream, and what only an offline analysis has (per-method
 * latencies in {@link MethodTimings}, call paths, exceptions by site, blocking time per method,
 * the recorded JVM's facts in {@link RecordedJvm}). One event at a time, none kept: every
 * structure here is bounded.
 */
final class EventDispatch {

  /**
   * Every event type {@link #handle} uses: the only ones the reader's stream parses. The rest are
   * skipped by their record's size, unread.
   */
  static final List<String> HANDLED = List.of(
      "jdk.ExecutionSample", "jdk.CPULoad", "jdk.GarbageCollection", "jdk.GCHeapSummary",
      "jdk.ObjectAllocationSample", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
      "jdk.ThreadPark", "jdk.ThreadSleep", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead",
      "jdk.FileWrite", "jdk.VirtualThreadPinned", "jdk.JavaExceptionThrow", "jdk.JavaErrorThrow",
      "jdk.ExceptionStatistics", MethodTimings.STATISTICS, MethodTimings.TRACE,
      "jdk.MethodTiming", "jdk.ActiveSetting", "jdk.JVMInformation", "jdk.InitialSystemProperty",
      "jdk.CPUInformation", "jdk.GCHeapConfiguration", "jdk.ThreadStart");

  private final Predicate<String> application;
  private final JvmProfile profile;
  private final RecordedJvm jvm;
  private final MethodTimings timings = new MethodTimings();
  private final Sites exceptions = new Sites(4_096);
  private final Sites errors = new Sites(4_096);
  private final CallPaths paths;
  private final BlockedMethods blocked = new BlockedMethods(5_000);
  private final ThreadStacks threads;
  /** Added to once per type (see {@link #wrapped}), sorted when asked for. */
  private final Set<String> seenTypes = new HashSet<>();
  private final RecordedFrames frames = new RecordedFrames();
  private final EventFields fields = new EventFields();

  /**
   * Each stack's {@link #waiter}, by the stack list's identity (the reader shares one list per
   * stack), once {@link #keep} says the application test's answers are final; at most {@link
   * #WAITERS} stacks, then forgotten. {@link #NO_WAITER} stands for none.
   */
  private final Map<List<Frame>, Frame> waiters = new IdentityHashMap<>();
  private final BooleanSupplier keep;

  static final int WAITERS = 16_384;
  private static final Frame NO_WAITER = new Frame("", "", "", 0);

  private final Map<String, Consumer<RecordedEvent>> handlers = new HashMap<>();

  private long throwables = -1;
  private boolean methodTiming;

  /**
   * @param application which classes are the application's; asked about every frame
   * @param detected told the recorded JVM's system properties, or {@code null}
   * @param byStack whether what is derived from a stack (its sites) is kept per stack; off only
   *     for the reference read tests compare with
   */
  EventDispatch(Predicate<String> application, DetectedApplication detected, boolean byStack) {
    // answers are kept once the recorded JVM's application is decided (before its system
    // properties are read, the library list answers, and a kept answer would outlive it)
    BooleanSupplier settled = detected == null ? () -> true : detected::decided;
    Predicate<String> remembered = remembered(application, settled);
    this.application =
        remembered(name -> !JvmProfile.isJdk(name) && remembered.test(name), settled);
    this.profile = new JvmProfile(remembered, byStack ? settled : () -> false);
    this.keep = byStack ? settled : () -> false;
    this.threads = new ThreadStacks(this.application, keep);
    this.paths = new CallPaths(this.application, 20_000, keep);
    this.jvm = new RecordedJvm(detected);
  }

  /**
   * {@code test}, with its answers kept per class name (up to 65,536 names, then forgotten):
   * it is asked about every frame of every stack, and matching a name against the library
   * prefixes again each time was a large share of reading a recording of deep stacks. For the
   * reading thread only.
   */
  private static Predicate<String> remembered(Predicate<String> test, BooleanSupplier settled) {
    Map<String, Boolean> known = new HashMap<>();
    return name -> {
      Boolean answer = known.get(name);
      if (answer == null) {
        if (known.size() >= 65_536) {
          known.clear();
        }
        answer = test.test(name);
        if (settled.getAsBoolean()) {
          known.put(name, answer);
        }
      }
      return answer;
    };
  }

  /** Takes in one event of a {@link #HANDLED} type. */
  void handle(String type, RecordedEvent event) {
    handler(type).accept(event);
  }

  /**
   * What takes in the events of one {@link #HANDLED} type: a method per type, each called on its
   * own (the reader's stream calls one handler per type). One method with a case per type was
   * compiled as one unit with everything each case calls inlined: the largest single piece of
   * the JIT's work on a large recording (a third of a second of a compiler thread).
   */
  Consumer<RecordedEvent> handler(String type) {
    Consumer<RecordedEvent> handler = handlers.get(type);
    if (handler == null) {
      handler = wrapped(type, typeHandler(type));
      handlers.put(type, handler);
    }
    return handler;
  }

  private Consumer<RecordedEvent> wrapped(String type, Consumer<RecordedEvent> handler) {
    boolean[] seen = {false}; // the set is added to once per type, not hashed for every event
    return event -> {
      try {
        handler.accept(event);
        if (!seen[0]) {
          seenTypes.add(type);
          seen[0] = true;
        }
      } catch (RuntimeException e) {
        // A field missing in some JDK's version of an event costs that event only.
      }
    };
  }

  private Consumer<RecordedEvent> typeHandler(String type) {
    if (RecordedJvm.TYPES.contains(type)) {
      return event -> jvm.take(type, event);
    }
    switch (type) {
      case "jdk.ExecutionSample":
        return this::executionSample;
      case "jdk.ThreadStart":
        return event -> threads.started(RecordedFrames.threadId(fields.thread(event, "thread")),
            frames.frames(fields.stackTrace(event)));
      case "jdk.CPULoad":
        return event -> profile.cpuLoad(event.getStartTime(),
            event.getFloat("jvmUser") + event.getFloat("jvmSystem"),
            event.getFloat("machineTotal"));
      case "jdk.GarbageCollection":
        return event -> profile.garbageCollection(event.getStartTime(), event.getString("name"),
            event.getDuration("sumOfPauses").toNanos());
      case "jdk.GCHeapSummary":
        return event -> {
          if ("After GC".equals(event.getString("when"))) {
            profile.heapAfterGc(event.getStartTime(), event.getLong("heapUsed"));
          }
        };
      case "jdk.ObjectAllocationSample":
        return this::allocation;
      case "jdk.JavaMonitorEnter":
        return event -> blocked(event, Blocking.MONITOR, fields.className(event, "monitorClass"),
            0);
      case "jdk.JavaMonitorWait":
        return event -> blocked(event, Blocking.WAIT, fields.className(event, "monitorClass"), 0);
      case "jdk.ThreadPark":
        return event -> blocked(event, Blocking.PARK, fields.className(event, "parkedClass"), 0);
      case "jdk.ThreadSleep":
        return event -> blocked(event, Blocking.SLEEP, "", 0);
      case "jdk.SocketRead":
        return event -> blocked(event, Blocking.SOCKET_READ, fields.endpoint(event),
            event.getLong("bytesRead"));
      case "jdk.SocketWrite":
        return event -> blocked(event, Blocking.SOCKET_WRITE, fields.endpoint(event),
            event.getLong("bytesWritten"));
      case "jdk.FileRead":
        return event -> blocked(event, Blocking.FILE_READ, event.getString("path"),
            event.getLong("bytesRead"));
      case "jdk.FileWrite":
        return event -> blocked(event, Blocking.FILE_WRITE, event.getString("path"),
            event.getLong("bytesWritten"));
      case "jdk.VirtualThreadPinned":
        return event -> {
          profile.pinningSupported(true);
          profile.pinned(event.getStartTime(), frames.frames(fields.stackTrace(event)),
              event.getDuration().toNanos());
        };
      case "jdk.JavaExceptionThrow":
        return event -> exceptions.add(throwSite(frames.frames(fields.stackTrace(event))),
            fields.className(event, "thrownClass"));
      case "jdk.JavaErrorThrow":
        return event -> errors.add(throwSite(frames.frames(fields.stackTrace(event))),
            fields.className(event, "thrownClass"));
      case "jdk.ExceptionStatistics":
        return event -> throwables = Math.max(throwables, event.getLong("throwables"));
      case MethodTimings.STATISTICS:
        return event -> timings.statistics(event.getString("method"),
            event.getString("descriptor"), event.getString("selectedBy"), event.getLong("calls"),
            event.getLong("errors"), event.getLong("mean"), event.getLong("p50"),
            event.getLong("p90"), event.getLong("p99"), event.getLong("max"));
      case MethodTimings.TRACE:
        return event -> {
          RecordedMethod method = event.getValue("method");
          if (method != null) {
            timings.trace(method.getType().getName(), method.getName(),
                method.getDescriptor(), event.getDuration().toNanos());
          }
        };
      case "jdk.MethodTiming":
        return event -> methodTiming = true;
      default:
        return event -> { };
    }
  }

  private void executionSample(RecordedEvent event) {
    // Each field is looked up by name: the stack and thread are read once per event.
    RecordedStackTrace trace = fields.stackTrace(event);
    List<Frame> stack = frames.frames(trace);
    boolean truncated = frames.cut(trace);
    RecordedThread sampled = fields.thread(event, "sampledThread");
    Instant at = event.getStartTime();
    long threadId = frames.id(sampled);
    profile.executionSample(at, threadId, stack, truncated);
    paths.add(stack);
    threads.stack(threadId, frames.name(sampled), RecordedFrames.epochNanos(at), 0, stack,
        truncated);
  }

  private void allocation(RecordedEvent event) {
    profile.allocation(event.getStartTime(), frames.frames(fields.stackTrace(event)),
        fields.className(event, "objectClass"), event.getLong("weight"));
  }

  private void blocked(RecordedEvent event, Blocking kind, String detail, long bytes) {
    RecordedStackTrace trace = fields.stackTrace(event);
    List<Frame> stack = frames.frames(trace);
    boolean truncated = frames.cut(trace);
    RecordedThread thread = fields.thread(event, "eventThread");
    long threadId = frames.id(thread);
    Instant at = event.getStartTime();
    long nanos = event.getDuration().toNanos();
    profile.threadStack(at, threadId, stack, truncated);
    threads.stack(threadId, frames.name(thread), RecordedFrames.epochNanos(at),
        Math.max(1, nanos), stack, truncated);
    Frame inner = waiter(stack);
    if (inner == null) {
      return; // a pool thread idle in the JDK, waiting for work: not the application waiting
    }
    profile.blocked(at, kind, stack, detail == null ? "" : detail, nanos,
        Math.max(0, bytes), frames.virtual(thread));
    blocked.add(inner, nanos);
  }

  /**
   * The frame a blocking event's time is counted to: the innermost application frame, else the
   * innermost frame outside the JDK; {@code null} when the stack is all JDK (a pool thread idle
   * in the JDK, waiting for work).
   */
  private Frame waiter(List<Frame> stack) {
    Frame known = waiters.get(stack);
    if (known != null) {
      return known == NO_WAITER ? null : known;
    }
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
    if (keep.getAsBoolean()) {
      if (waiters.size() >= WAITERS) {
        waiters.clear();
      }
      waiters.put(stack, inner == null ? NO_WAITER : inner);
    }
    return inner;
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

  JvmProfile profile() {
    return profile;
  }

  RecordedJvm jvm() {
    return jvm;
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

  ThreadStacks threads() {
    return threads;
  }

  BlockedMethods blocked() {
    return blocked;
  }

  /** The event types of {@link #HANDLED} seen at least once, sorted. */
  Set<String> seenTypes() {
    return new TreeSet<>(seenTypes);
  }

  /** The throwables {@code jdk.ExceptionStatistics} counted, or -1 without such events. */
  long throwables() {
    return throwables;
  }

  /** Whether the recording has {@code jdk.MethodTiming} events (not used: no percentiles). */
  boolean methodTiming() {
    return methodTiming;
  }
}
