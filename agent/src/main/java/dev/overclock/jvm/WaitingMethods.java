package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods that wait: blocking events (park, monitor enter and wait, sleep, socket and file
 * I/O) counted to the innermost application frame of their stack, with the call it waited in.
 * Execution samples never see a waiting thread (it does not run), so a method whose time is
 * waiting is invisible to a ranking by samples; this one finds it.
 *
 * <p>A method that never returns (a client loop, {@code main}, a worker's run loop: see {@link
 * ThreadRoots}) is not the method that waits, only the frame it happens under: its waits go to
 * the call it made, when that is library code (the <em>boundary</em> call where the application
 * enters a library, such as a JDBC {@code executeQuery}); waits in a JDK call made straight
 * from such a frame (a run loop taking the next task, {@code main} joining its workers) are a
 * thread idle between tasks and count for nobody. Which methods never return is decided when
 * the figures are read, so that early events are judged like later ones.
 *
 * <p>Kept twice: since the start (the report) and since the last {@link #take} (the detector's
 * window). At most {@code capacity} methods each; later ones are not counted.
 */
final class WaitingMethods {

  /** Calls kept per method as where it waited. */
  static final int MAX_CALLS = 16;

  private final ApplicationCode code;
  private final int capacity;
  private final Table total;
  private Table window;

  WaitingMethods(ApplicationCode code, int capacity) {
    this.code = code;
    this.capacity = capacity;
    this.total = new Table(capacity);
    this.window = new Table(capacity);
  }

  /** A thread waited {@code nanos} with these frames (top first) on its stack. */
  void blocked(Blocking kind, List<Frame> frames, long nanos) {
    blocked(kind, frames, 1, nanos, nanos);
  }

  /**
   * {@code events} waits with the same stack at once: {@code nanos} in all, {@code maxNanos} the
   * longest.
   */
  void blocked(Blocking kind, List<Frame> frames, long events, long nanos, long maxNanos) {
    for (int i = 0; i < frames.size(); i++) {
      Frame frame = frames.get(i);
      if (code.isApplication(frame)) {
        Frame call = i > 0 ? frames.get(i - 1) : null;
        total.add(frame, call, kind, events, nanos, maxNanos);
        window.add(frame, call, kind, events, nanos, maxNanos);
        return;
      }
    }
  }

  /**
   * The waits since the previous window, and starts a new one.
   *
   * @param residents methods that never returned (see {@link ThreadRoots})
   */
  List<SampleWindow.Waited> take(Map<String, String> residents) {
    List<SampleWindow.Waited> waited = new ArrayList<>();
    for (Row row : window.rows(residents)) {
      waited.add(new SampleWindow.Waited(row.method, row.nanos(), row.events, row.boundary));
    }
    window = new Table(capacity);
    return waited;
  }

  /** The methods that waited longest since the start, at most {@code top}. */
  List<JvmReport.WaitingMethod> report(int top, Map<String, String> residents) {
    List<Row> rows = total.rows(residents);
    long all = 0;
    for (Row row : rows) {
      all += row.nanos();
    }
    List<JvmReport.WaitingMethod> report = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(top, rows.size()))) {
      report.add(new JvmReport.WaitingMethod(row.method.name(), row.method.key(), row.nanos(),
          row.events, row.max, row.nanos[Blocking.Category.LOCK.ordinal()],
          row.nanos[Blocking.Category.IO.ordinal()], row.nanos[Blocking.Category.SLEEP.ordinal()],
          all == 0 ? 0 : Timeline.clamp((double) row.nanos() / all), row.mainKind(),
          row.waitedIn(), row.applicationFrame, row.boundary, null, null));
    }
    return report;
  }

  /** Waits counted per innermost application frame. */
  private static final class Table {
    final int capacity;
    final Map<String, Waits> methods = new HashMap<>();

    Table(int capacity) {
      this.capacity = capacity;
    }

    void add(Frame method, Frame call, Blocking kind, long events, long nanos, long maxNanos) {
      String key = method.key();
      Waits waits = methods.get(key);
      if (waits == null) {
        if (methods.size() >= capacity) {
          return;
        }
        waits = new Waits(lineless(method));
        methods.put(key, waits);
      }
      waits.add(call, kind, events, nanos, maxNanos);
    }

    /**
     * Rows by wait time, longest first: each method that returns, and for those that never do,
     * the library calls they made.
     */
    List<Row> rows(Map<String, String> residents) {
      Map<String, Row> rows = new HashMap<>();
      for (Waits waits : methods.values()) {
        if (!residents.containsKey(waits.method.key())) {
          Row row = rows.computeIfAbsent(waits.method.key(),
              key -> new Row(waits.method, waits.method.name(), false));
          row.add(waits.all);
          for (Call call : waits.calls.values()) {
            row.waitedIn(call);
          }
          continue;
        }
        for (Call call : waits.calls.values()) {
          if (call.frame == null || call.frame.jdk()) {
            continue; // a thread idle between tasks, or main waiting for its workers
          }
          Row row = rows.computeIfAbsent(call.frame.key(),
              key -> new Row(call.frame, waits.method.name(), true));
          row.add(call);
          row.waitedIn(call);
        }
      }
      List<Row> sorted = new ArrayList<>(rows.values());
      sorted.sort(Comparator.comparingLong(Row::nanos).reversed()
          .thenComparing(row -> row.method.key()));
      return sorted;
    }
  }

  /** One application method's waits, in all and per call it waited in. */
  private static final class Waits {
    final Frame method;
    final Call all = new Call(null);
    final Map<String, Call> calls = new HashMap<>();

    Waits(Frame method) {
      this.method = method;
    }

    void add(Frame callFrame, Blocking kind, long events, long nanos, long maxNanos) {
      all.add(kind, events, nanos, maxNanos);
      String key = callFrame == null ? "" : callFrame.key();
      Call call = calls.get(key);
      if (call == null) {
        if (calls.size() >= MAX_CALLS) {
          return;
        }
        call = new Call(callFrame == null ? null : lineless(callFrame));
        calls.put(key, call);
      }
      call.add(kind, events, nanos, maxNanos);
    }
  }

  /** Waits in one call (or in all of a method's calls): times by kind. */
  private static final class Call {
    final Frame frame;
    final long[] byKind = new long[Blocking.values().length];
    long events;
    long max;

    Call(Frame frame) {
      this.frame = frame;
    }

    void add(Blocking kind, long count, long nanos, long maxNanos) {
      byKind[kind.ordinal()] += nanos;
      events += count;
      max = Math.max(max, maxNanos);
    }
  }

  /** A row of the ranking: a method that waited (or a boundary call), what it waited in. */
  private static final class Row {
    final Frame method;
    final String applicationFrame;
    final boolean boundary;
    final long[] byKind = new long[Blocking.values().length];
    final long[] nanos = new long[Blocking.Category.values().length];
    final Map<String, Long> waitedIn = new HashMap<>();
    long events;
    long max;

    Row(Frame method, String applicationFrame, boolean boundary) {
      this.method = method;
      this.applicationFrame = applicationFrame;
      this.boundary = boundary;
    }

    void add(Call call) {
      for (Blocking kind : Blocking.values()) {
        long value = call.byKind[kind.ordinal()];
        byKind[kind.ordinal()] += value;
        nanos[kind.category().ordinal()] += value;
      }
      events += call.events;
      max = Math.max(max, call.max);
    }

    /** Counts the call as one it waited in (the top frame for a boundary row's own waits). */
    void waitedIn(Call call) {
      if (call.frame == null) {
        return;
      }
      long sum = 0;
      for (long value : call.byKind) {
        sum += value;
      }
      waitedIn.merge(call.frame.name(), sum, Long::sum);
    }

    long nanos() {
      long sum = 0;
      for (long value : nanos) {
        sum += value;
      }
      return sum;
    }

    /** The kind of wait that took longest. */
    String mainKind() {
      Blocking longest = null;
      for (Blocking kind : Blocking.values()) {
        if (byKind[kind.ordinal()] > 0
            && (longest == null || byKind[kind.ordinal()] > byKind[longest.ordinal()])) {
          longest = kind;
        }
      }
      return longest == null ? null : longest.label();
    }

    /** The call it waited in longest, {@code class::method}, or {@code null}. */
    String waitedIn() {
      String best = null;
      long most = -1;
      for (Map.Entry<String, Long> entry : waitedIn.entrySet()) {
        if (entry.getValue() > most
            || entry.getValue() == most && entry.getKey().compareTo(best) < 0) {
          best = entry.getKey();
          most = entry.getValue();
        }
      }
      return best;
    }
  }

  private static Frame lineless(Frame frame) {
    return frame.line() > 0
        ? new Frame(frame.className(), frame.methodName(), frame.descriptor(), 0) : frame;
  }
}
