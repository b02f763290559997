package dev.overclock.jfr;

import dev.overclock.governor.AgentCompilations;
import dev.overclock.jvm.Blocking;
import dev.overclock.jvm.CompiledFrames;
import dev.overclock.jvm.EventFields;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.RecordedFrames;
import dev.overclock.jvm.ThreadStacks;
import dev.overclock.log.AgentLog;
import dev.overclock.shutdown.JfrExitGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import jdk.jfr.EventSettings;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * The in-process JFR stream: a {@link RecordingStream} of the JVM's own events, each folded into
 * the {@link JvmProfile} the moment it arrives and then forgotten.
 *
 * <h2>Why it must be careful</h2>
 *
 * It runs inside the application, so it must stay cheap and bounded. Events are read on one
 * daemon thread ({@code overclock-jfr}) and never kept (the parser's event objects are reused);
 * blocking events below {@code jfr.threshold} are not recorded at all; allocation samples are
 * throttled by JFR itself. The stream keeps at most a minute of data in the JFR repository on
 * disk. Every handler catches its own failures, so a surprising event (a field missing in some
 * JDK) costs that event only.
 *
 * <h2>Settings shared with other recordings</h2>
 *
 * JFR merges the settings of every recording in the JVM: while this stream runs, a recording the
 * user started sees execution samples at least as often as {@code jfr.sampleInterval} and
 * blocking events from {@code jfr.threshold} up, with stack traces, even if its own settings
 * ask for less.
 */
final class LiveStream {

  /**
   * The JIT's compilations, of which the stream counts those of the agent's own code (see {@link
   * AgentCompilations}); not part of the JVM profile.
   */
  static final String COMPILATION = "jdk.Compilation";

  /** The JVM's events this stream reads, in the order the report lists them. */
  static final List<String> EVENTS = concat(JvmProfile.EVENTS, COMPILATION);

  /** At most this much of the stream's data stays in JFR's repository on disk. */
  static final Duration MAX_AGE = Duration.ofMinutes(1);

  static final long MAX_SIZE = 64L * 1024 * 1024;

  /** The one optional event type: the overhead governor turns it off last. */
  static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";

  private final RecordingStream stream;
  /** Whether a recording other than this stream runs (Overclock's periodic events need one). */
  private final ForeignRecordings others;
  private final JvmProfile profile;
  private final RecordedFrames frames = new RecordedFrames();
  private final EventFields fields = new EventFields();
  private final List<String> available;
  /** The blocking event types enabled, whose threshold the overhead governor may raise. */
  private final List<String> blockingTypes = new java.util.ArrayList<>();
  private final List<String> missing;
  private final AtomicLong failures = new AtomicLong();
  private final AgentCompilations compilations = new AgentCompilations();
  /**
   * The events handled so far, by what the overhead governor's steps would cut of them (indexes
   * {@link #ALL}, {@link #SAMPLES}, {@link #OPTIONAL}, {@link #SHORT_BLOCKING}). Written by the
   * stream's one thread (a release store after a plain read), read by the governor's.
   */
  private final AtomicLongArray handled = new AtomicLongArray(4);
  private static final int ALL = 0;
  private static final int SAMPLES = 1;
  private static final int OPTIONAL = 2;
  private static final int SHORT_BLOCKING = 3;
  private final long shedThresholdNanos;
  /** Threads' stacks for pools and drivers; {@code null} until {@link #watchThreads}. */
  private volatile ThreadStacks threads;
  /** Frame kinds of the methods whose code change is watched; {@code null} until set. */
  private volatile CompiledFrames compiled;

  private LiveStream(RecordingStream stream, JvmProfile profile, List<String> available,
      List<String> missing, ForeignRecordings others, long shedThresholdNanos) {
    this.stream = stream;
    this.shedThresholdNanos = shedThresholdNanos;
    this.others = others;
    this.profile = profile;
    this.available = List.copyOf(available);
    this.missing = List.copyOf(missing);
  }

  /**
   * Creates the stream with its events enabled; nothing is read until {@link #run}.
   *
   * @param shedThreshold the blocking events' threshold while the overhead governor sheds it:
   *     the events shorter than it are counted apart ({@link #events})
   * @param onFlush called on the stream thread after each batch of events (about every second)
   * @throws IllegalStateException or another runtime exception when JFR cannot record here
   */
  static LiveStream open(Duration sampleInterval, Duration threshold, Duration shedThreshold,
      JvmProfile profile, Runnable onFlush) {
    Set<Long> before = ForeignRecordings.ids();
    RecordingStream stream = new RecordingStream();
    ForeignRecordings others = ForeignRecordings.besides(before);
    try {
      stream.setMaxAge(MAX_AGE);
      stream.setMaxSize(MAX_SIZE);
      // Unordered: an ordered stream sorts each flush's events by time (TimSort on an array of
      // RecordedEvent), and the same thread's List.sort (Object[]) made C2's array-type guess in
      // TimSort fail every second: its compiled code was thrown away and compiled again at each
      // flush (about 25 ms of a compiler thread a second on the http workload). The profile
      // takes each event's own time (the earliest and latest, not the last; see Timeline), each
      // writer's events still come in the order it wrote them (the sampler's samples, a thread's
      // waits), and a flush's events all arrive before its onFlush, as before; only the events
      // of different writers within one flush (about a second) interleave differently.
      stream.setOrdered(false);
      Set<String> known = new HashSet<>();
      for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
        known.add(type.getName());
      }
      List<String> available = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String name : EVENTS) {
        (known.contains(name) ? available : missing).add(name);
      }
      LiveStream live = new LiveStream(
          stream, profile, available, missing, others, shedThreshold.toNanos());
      live.enable(sampleInterval, threshold);
      profile.pinningSupported(known.contains("jdk.VirtualThreadPinned"));
      stream.onFlush(live.guarded(onFlush));
      return live;
    } catch (RuntimeException | Error e) {
      stream.close();
      throw e;
    }
  }

  private void enable(Duration sampleInterval, Duration threshold) {
    settings("jdk.ExecutionSample").withPeriod(sampleInterval);
    on("jdk.ExecutionSample", this::executionSample);
    // Rare events (every JDK of 17 and later has them): the application frame that started a
    // pool's threads names the pool.
    settings("jdk.ThreadStart").withStackTrace();
    on("jdk.ThreadStart", event -> {
      ThreadStacks watched = threads;
      if (watched != null) {
        watched.started(RecordedFrames.threadId(fields.thread(event, "thread")),
            frames.frames(fields.stackTrace(event)));
      }
    });

    settings("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
    on("jdk.CPULoad", event -> profile.cpuLoad(event.getStartTime(),
        event.getFloat("jvmUser") + event.getFloat("jvmSystem"), event.getFloat("machineTotal")));

    settings("jdk.GarbageCollection");
    on("jdk.GarbageCollection", event -> profile.garbageCollection(event.getStartTime(),
        event.getString("name"), event.getDuration("sumOfPauses").toNanos()));

    settings("jdk.GCHeapSummary");
    on("jdk.GCHeapSummary", event -> {
      if ("After GC".equals(event.getString("when"))) {
        profile.heapAfterGc(event.getStartTime(), event.getLong("heapUsed"));
      }
    });

    settings("jdk.ObjectAllocationSample").with("throttle", "150/s").withStackTrace();
    on("jdk.ObjectAllocationSample", event -> profile.allocation(event.getStartTime(),
        frames.frames(fields.stackTrace(event)), fields.className(event, "objectClass"),
        event.getLong("weight")));

    blocking("jdk.JavaMonitorEnter", threshold, Blocking.MONITOR,
        event -> fields.className(event, "monitorClass"), event -> 0L);
    blocking("jdk.JavaMonitorWait", threshold, Blocking.WAIT,
        event -> fields.className(event, "monitorClass"), event -> 0L);
    blocking("jdk.ThreadPark", threshold, Blocking.PARK,
        event -> fields.className(event, "parkedClass"), event -> 0L);
    blocking("jdk.ThreadSleep", threshold, Blocking.SLEEP, event -> "", event -> 0L);
    blocking("jdk.SocketRead", threshold, Blocking.SOCKET_READ, fields::endpoint,
        event -> event.getLong("bytesRead"));
    blocking("jdk.SocketWrite", threshold, Blocking.SOCKET_WRITE, fields::endpoint,
        event -> event.getLong("bytesWritten"));
    blocking("jdk.FileRead", threshold, Blocking.FILE_READ, event -> event.getString("path"),
        event -> event.getLong("bytesRead"));
    blocking("jdk.FileWrite", threshold, Blocking.FILE_WRITE, event -> event.getString("path"),
        event -> event.getLong("bytesWritten"));

    if (available.contains(COMPILATION)) {
      settings(COMPILATION).withThreshold(AgentCompilations.THRESHOLD);
      on(COMPILATION, event -> {
        RecordedMethod method = event.getValue("method");
        compilations.compiled(method == null ? null : method.getType().getName(),
            event.getDuration().toNanos());
      });
    }

    if (available.contains("jdk.VirtualThreadPinned")) {
      settings("jdk.VirtualThreadPinned").withThreshold(threshold).withStackTrace();
      on("jdk.VirtualThreadPinned", event -> profile.pinned(event.getStartTime(),
          frames.frames(fields.stackTrace(event)), event.getDuration().toNanos()));
    }
  }

  /** The JIT's work on the agent's own code, counted from this stream's compilation events. */
  AgentCompilations compilations() {
    return compilations;
  }

  private static List<String> concat(List<String> first, String last) {
    List<String> all = new ArrayList<>(first);
    all.add(last);
    return List.copyOf(all);
  }

  private EventSettings settings(String name) {
    return stream.enable(name);
  }

  /** A blocking event with a duration and a stack, ignored when no frame is outside the JDK. */
  private void blocking(String name, Duration threshold, Blocking kind,
      java.util.function.Function<RecordedEvent, String> detail,
      java.util.function.ToLongFunction<RecordedEvent> bytes) {
    if (!available.contains(name)) {
      return;
    }
    blockingTypes.add(name);
    settings(name).withThreshold(threshold).withStackTrace();
    on(name, event -> blocked(event, kind, detail, bytes));
  }

  /**
   * One execution sample. Every field of an event is looked up by its name, and the start time
   * and duration are new objects on each read: each is read once here, and the thread's id and
   * name come from {@link RecordedFrames}' cache of the parser's thread objects (as the offline
   * reader does), not from two more lookups on every sample.
   */
  private void executionSample(RecordedEvent event) {
    RecordedStackTrace trace = fields.stackTrace(event);
    List<Frame> stack = frames.frames(trace);
    boolean truncated = frames.cut(trace);
    RecordedThread sampled = fields.thread(event, "sampledThread");
    Instant at = event.getStartTime();
    long thread = frames.id(sampled);
    profile.executionSample(at, thread, stack, truncated);
    CompiledFrames kinds = compiled;
    if (kinds != null) {
      kinds.sample(at, trace, stack);
    }
    ThreadStacks watched = threads;
    if (watched != null) {
      watched.stack(thread, frames.name(sampled), RecordedFrames.epochNanos(at), 0, stack,
          truncated);
    }
  }

  /** One blocking event, its fields read once (see {@link #executionSample}). */
  private void blocked(RecordedEvent event, Blocking kind,
      java.util.function.Function<RecordedEvent, String> detail,
      java.util.function.ToLongFunction<RecordedEvent> bytes) {
    RecordedStackTrace trace = fields.stackTrace(event);
    List<Frame> stack = frames.frames(trace);
    boolean truncated = frames.cut(trace);
    RecordedThread thread = fields.thread(event, "eventThread");
    long threadId = frames.id(thread);
    Instant at = event.getStartTime();
    long nanos = event.getDuration().toNanos();
    if (nanos < shedThresholdNanos) {
      count(SHORT_BLOCKING);
    }
    profile.threadStack(at, threadId, stack, truncated);
    ThreadStacks watched = threads;
    if (watched != null) {
      watched.stack(threadId, frames.name(thread), RecordedFrames.epochNanos(at),
          Math.max(1, nanos), stack, truncated);
    }
    if (!hasApplicationFrame(stack)) {
      return; // a pool thread idle in the JDK, waiting for work: not the application waiting
    }
    String what = detail.apply(event);
    profile.blocked(at, kind, stack, what == null ? "" : what, nanos,
        Math.max(0, bytes.applyAsLong(event)), frames.virtual(thread));
  }

  /** Answers whether a recording other than this stream runs now. */
  ForeignRecordings others() {
    return others;
  }

  /** Starts feeding threads' stacks (blocking events, samples, thread starts) to {@code watch}. */
  /** Counts the kinds of frame of changed methods in every sample (see {@link CompiledFrames}). */
  void watchFrames(CompiledFrames frames) {
    compiled = frames;
  }

  void watchThreads(ThreadStacks watch) {
    threads = watch;
  }

  /** The pools whose threads all waited inside the application's tasks so far. */
  List<ThreadStacks.BlockedPool> blockedPools() {
    ThreadStacks watched = threads;
    return watched == null ? List.of() : watched.blockedPools();
  }

  private static boolean hasApplicationFrame(List<Frame> stack) {
    for (Frame frame : stack) {
      if (!JvmProfile.isJdk(frame.className())) {
        return true;
      }
    }
    return false;
  }

  private void on(String name, Consumer<RecordedEvent> handler) {
    if (!available.contains(name)) {
      return;
    }
    int kind = name.equals("jdk.ExecutionSample") ? SAMPLES
        : name.equals(ALLOCATION_SAMPLE) ? OPTIONAL : -1;
    stream.onEvent(name, event -> {
      count(ALL);
      if (kind >= 0) {
        count(kind);
      }
      try {
        handler.accept(event);
      } catch (RuntimeException | LinkageError e) {
        if (failures.incrementAndGet() == 1) {
          AgentLog.debug("JFR stream: could not read a " + name + " event: " + e);
        }
      }
    });
  }

  private void count(int kind) {
    handled.lazySet(kind, handled.get(kind) + 1);
  }

  /**
   * The events handled since the stream opened: all of them, the execution samples, the optional
   * ones (allocation samples) and the blocking events shorter than the governor's raised
   * threshold, in that order.
   */
  StreamEvents events() {
    return new StreamEvents(handled.get(ALL), handled.get(SAMPLES), handled.get(OPTIONAL),
        handled.get(SHORT_BLOCKING));
  }

  /**
   * Counts of handled events (see {@link #events}).
   *
   * @param all every event handled
   * @param samples execution samples
   * @param optional the optional event types' (allocation samples)
   * @param shortBlocking blocking events shorter than the governor's raised threshold
   */
  record StreamEvents(long all, long samples, long optional, long shortBlocking) {

    static final StreamEvents NONE = new StreamEvents(0, 0, 0, 0);

    /** The events handled since {@code before}. */
    StreamEvents since(StreamEvents before) {
      return new StreamEvents(all - before.all, samples - before.samples,
          optional - before.optional, shortBlocking - before.shortBlocking);
    }
  }

  private Runnable guarded(Runnable action) {
    return () -> {
      try {
        action.run();
      } catch (RuntimeException | LinkageError e) {
        AgentLog.warnOnce("jfr-flush", "hot-method detection failed (" + e + "); the JFR"
            + " stream goes on");
      }
    };
  }

  /**
   * Samples running threads this often from now on ({@link SampleRate}: longer once hot-method
   * detection finds nothing new, and while the overhead governor sheds it). JFR applies a running
   * recording's new settings at once.
   */
  void sampleInterval(Duration interval) {
    // A running recording's new settings retransform JFR's event classes: never during the
    // JVM's exit (JfrExitGuard); a change then has nothing left to serve.
    JfrExitGuard.jvm().run(() -> settings("jdk.ExecutionSample").withPeriod(interval));
  }

  /**
   * Records the blocking events (monitor enter and wait, park, sleep, socket and file I/O) from
   * this duration from now on: the overhead governor's last step raises it, and takes it back.
   * Virtual-thread pinning keeps {@code jfr.threshold}: its events are few and offload's checks
   * need them.
   */
  void blockingThreshold(Duration threshold) {
    JfrExitGuard.jvm().run(() -> {
      for (String name : blockingTypes) {
        settings(name).withThreshold(threshold);
      }
    });
  }

  /**
   * Turns the optional event types off (the overhead governor's fifth step) or on again: the
   * allocation samples, which only the report's allocation figures use.
   */
  void optionalEvents(boolean on) {
    if (!available.contains(ALLOCATION_SAMPLE)) {
      return;
    }
    JfrExitGuard.jvm().run(() -> {
      if (on) {
        settings(ALLOCATION_SAMPLE).with("throttle", "150/s").withStackTrace();
      } else {
        stream.disable(ALLOCATION_SAMPLE);
      }
    });
  }

  /** Reads events until {@link #close}; blocks the calling thread. */
  void run() {
    stream.start();
  }

  void close() {
    stream.close();
  }

  /** The events this JVM has, of those asked for. */
  List<String> available() {
    return available;
  }

  /** The events asked for that this JVM does not have. */
  List<String> missing() {
    return missing;
  }

  /** Events whose handler failed. */
  long failures() {
    return failures.get();
  }
}
