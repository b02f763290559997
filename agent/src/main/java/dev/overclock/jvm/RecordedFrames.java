package dev.overclock.jvm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * Turns JFR's stack traces into {@link Frame}s, for the live stream and the offline reader alike.
 * One instance per reading thread.
 *
 * <p>The parser resolves each method of a chunk once and hands out the same {@link
 * RecordedMethod} object for every frame of it, so names are looked up once per method and
 * chunk (a small identity cache, cleared when it grows), not once per frame of every event.
 */
public final class RecordedFrames {

  private static final int CACHE = 16_384;
  private static final MethodHandle IS_VIRTUAL = isVirtual();

  /**
   * The cached stacks are dropped when they hold this many frames between them: a bound on
   * memory (each cached stack also keeps the parser's objects for it) that, unlike a count of
   * stacks, does not let a recording of deep stacks (hundreds of frames each) hold many times
   * more, nor make one of shallow stacks re-read the ones it just read.
   */
  static final int FRAME_BUDGET = 262_144;

  private final Map<RecordedMethod, Frame> methods = new IdentityHashMap<>();
  /** One frame per method and line, shared by every stack that has it (see {@link Frame}). */
  private final Map<Frame, Frame> lines = new HashMap<>();
  private final Map<RecordedStackTrace, Stack> stacks = new IdentityHashMap<>();
  /** The trace {@link #frames} was last asked about, and what it found, for {@link #cut}. */
  private RecordedStackTrace lastTrace;
  private Stack last;
  /**
   * One list per distinct stack across chunks: each chunk brings its own stack trace objects, so
   * without this the same stack of the next chunk was a new list, and the tables that keep what
   * they derive from a stack by the list's identity ({@link JvmProfile}, the call paths) started
   * over with every chunk. At most {@link #FRAME_BUDGET} frames between them, then forgotten.
   */
  private final Map<List<Frame>, List<Frame>> shared = new HashMap<>();
  private int sharedFrames;
  /**
   * One string per class name: the parser builds a new one for each method of each chunk, and
   * the readers look class names up in hash maps for every frame of every stack (which class is
   * the application's), where a shared string compares by reference instead of by its chars.
   */
  private final Map<String, String> classNames = new HashMap<>();
  private int cachedFrames;
  /**
   * Each thread's id, name and kind by the parser's thread object, which it shares per thread and
   * chunk like stacks: each of them is a field looked up by name, two or three per execution
   * sample and blocking event.
   */
  private final Map<RecordedThread, Named> threads = new IdentityHashMap<>();
  private RecordedThread lastThread;
  private Named lastNamed;

  /**
   * Java frames of a stack trace, top frame first (an unmodifiable list); empty for none.
   *
   * <p>Like methods, a chunk's stack traces are resolved once and shared by every event that has
   * them, so the frames of a stack seen before are returned again: reading a frame's method,
   * type and line number looks each field up by name, which for the many samples of the same
   * stacks was most of the time spent reading a recording.
   */
  public List<Frame> frames(RecordedStackTrace stack) {
    if (stack == null) {
      return FrameList.EMPTY;
    }
    Stack known = stacks.get(stack);
    if (known == null) {
      known = new Stack(share(read(stack)), stack.isTruncated());
      if (cachedFrames + known.frames.size() > FRAME_BUDGET) {
        stacks.clear();
        cachedFrames = 0;
      }
      stacks.put(stack, known);
      cachedFrames += known.frames.size() + 1;
    }
    lastTrace = stack;
    last = known;
    return known.frames;
  }

  /**
   * {@link #truncated}, answered from the stack's cache when {@link #frames} was just asked about
   * it: {@code isTruncated} looks its field up by name, for every event.
   */
  public boolean cut(RecordedStackTrace stack) {
    if (stack != null && stack == lastTrace) {
      return last.truncated;
    }
    return truncated(stack);
  }

  /** A stack trace's frames and whether JFR cut it short. */
  private record Stack(List<Frame> frames, boolean truncated) {}

  /**
   * The list of a stack seen before in an earlier chunk, or a new unmodifiable one (a {@link
   * FrameList}, one class for every stack).
   */
  private List<Frame> share(List<Frame> read) {
    List<Frame> known = shared.get(read);
    if (known != null) {
      return known;
    }
    List<Frame> frames = FrameList.copyOf(read);
    if (sharedFrames + frames.size() > FRAME_BUDGET) {
      shared.clear();
      sharedFrames = 0;
    }
    shared.put(frames, frames);
    sharedFrames += frames.size() + 1;
    return frames;
  }

  private List<Frame> read(RecordedStackTrace stack) {
    List<RecordedFrame> recorded = stack.getFrames();
    List<Frame> frames = new ArrayList<>(recorded.size());
    for (RecordedFrame frame : recorded) {
      RecordedMethod method = frame.getMethod();
      if (method == null || !frame.isJavaFrame()) {
        continue;
      }
      Frame named = methods.get(method);
      if (named == null) {
        if (methods.size() >= CACHE) {
          methods.clear();
        }
        named = new Frame(className(method.getType().getName()), method.getName(),
            method.getDescriptor(), 0);
        methods.put(method, named);
      }
      int line = frame.getLineNumber();
      frames.add(line > 0 ? atLine(named, line) : named);
    }
    return frames;
  }

  private String className(String name) {
    String known = classNames.get(name);
    if (known != null) {
      return known;
    }
    if (classNames.size() >= CACHE) {
      classNames.clear();
    }
    classNames.put(name, name);
    return name;
  }

  private Frame atLine(Frame method, int line) {
    Frame frame = method.atLine(line);
    Frame known = lines.get(frame);
    if (known != null) {
      return known;
    }
    if (lines.size() >= CACHE) {
      lines.clear();
    }
    lines.put(frame, frame);
    return frame;
  }

  /** What {@link #id}, {@link #name} and {@link #virtual} answer about one thread. */
  private record Named(long id, String name, boolean virtual) {}

  private Named named(RecordedThread thread) {
    if (thread == lastThread) {
      return lastNamed;
    }
    Named known = threads.get(thread);
    if (known == null) {
      if (threads.size() >= CACHE) {
        threads.clear();
      }
      known = new Named(thread.getJavaThreadId(), thread.getJavaName(), isVirtual(thread));
      threads.put(thread, known);
    }
    lastThread = thread;
    lastNamed = known;
    return known;
  }

  /** {@link #threadId}, asked once per thread object. */
  public long id(RecordedThread thread) {
    return thread == null ? -1 : named(thread).id();
  }

  /** The thread's Java name, or {@code null}; asked once per thread object. */
  public String name(RecordedThread thread) {
    return thread == null ? null : named(thread).name();
  }

  /** {@link #isVirtual}, asked once per thread object. */
  public boolean virtual(RecordedThread thread) {
    return thread != null && named(thread).virtual();
  }

  /** The thread's Java id, or -1 when the event names none (a thread JFR could not name). */
  public static long threadId(RecordedThread thread) {
    return thread == null ? -1 : thread.getJavaThreadId();
  }

  /** The name of the thread in the event's field, or {@code null}. */
  public static String threadName(RecordedEvent event, String field) {
    try {
      RecordedThread thread = event.getThread(field);
      return thread == null ? null : thread.getJavaName();
    } catch (RuntimeException e) {
      return null; // no such field in this JDK's event
    }
  }

  /** An instant in nanoseconds since the epoch. */
  public static long epochNanos(java.time.Instant at) {
    return Timeline.epochNanos(at);
  }

  /** When the event started, in nanoseconds since the epoch. */
  public static long startNanos(RecordedEvent event) {
    return Timeline.epochNanos(event.getStartTime());
  }

  /** Whether JFR cut the stack short (deeper than the recording's stack depth). */
  public static boolean truncated(RecordedStackTrace stack) {
    return stack != null && stack.isTruncated();
  }

  /** Whether the thread is virtual; false before JDK 21, where there are none. */
  public static boolean isVirtual(RecordedThread thread) {
    if (thread == null || IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle isVirtual() {
    try {
      return MethodHandles.publicLookup().findVirtual(
          RecordedThread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // JDK 17-20
    }
  }
}
