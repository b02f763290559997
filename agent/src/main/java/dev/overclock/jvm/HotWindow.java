package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application methods' execution samples since the last {@link #take}: what hot-method
 * detection ranks. At most {@code capacity} methods per window; later ones are not counted.
 *
 * <p>For each method's self samples it also counts the frame each one called, when that frame is
 * library code: if the method turns out never to return, those calls (where the application
 * enters the library) take its samples instead. Which methods never return is decided when the
 * window is taken, so that the first window is judged like the others.
 *
 * <p>And for each method, the application method that called it directly, in how many of its
 * samples: the caller through which its calls come (see {@link SampleWindow.Counted#caller}).
 */
final class HotWindow {

  /** Library callees kept per method. */
  static final int MAX_CALLEES = 32;

  /** Application callers kept per method. */
  static final int MAX_CALLERS = 8;

  private final ApplicationCode code;
  private final int capacity;
  private final Map<String, Entry> entries = new HashMap<>();
  private long samples;
  /** Periods whose samples this window still holds because they were too few to judge by. */
  private int carried;

  HotWindow(ApplicationCode code, int capacity) {
    this.code = code;
    this.capacity = capacity;
  }

  /**
   * Counts sample number {@code sample}: self for its innermost application frame, calling for
   * the next application frame out (when it is another method), total once for every application
   * method on the stack (also under recursion).
   */
  void add(List<Frame> frames, long sample) {
    add(frames, sample, 1);
  }

  /**
   * {@link #add(List, long)} for {@code weight} samples of the same stack at once; {@code sample}
   * is a number no other call uses.
   */
  void add(List<Frame> frames, long sample, long weight) {
    samples += weight;
    Frame innermost = null;
    boolean callerFound = false;
    Entry inner = null; // the application frame just inside this one
    for (int i = 0; i < frames.size(); i++) {
      Frame frame = frames.get(i);
      if (!code.isApplication(frame)) {
        continue;
      }
      if (inner != null && !inner.frame.key().equals(frame.key())
          && inner.lastCallerSample != sample) {
        inner.lastCallerSample = sample; // once a sample, also under recursion
        inner.caller(frame, weight);
      }
      boolean self = innermost == null;
      boolean caller = !self && !callerFound && !frame.key().equals(innermost.key());
      if (self) {
        innermost = frame;
      } else if (caller) {
        callerFound = true;
      }
      Entry entry = entry(frame);
      if (entry == null) {
        inner = null;
        continue;
      }
      if (inner == null || !inner.frame.key().equals(frame.key())) {
        inner = entry; // a recursive call's callers are those of its outermost frame in a row
      }
      if (caller) {
        entry.calling += weight;
      }
      if (self) {
        entry.self += weight;
        Frame callee = i > 0 ? frames.get(i - 1) : null;
        if (callee != null && !callee.jdk()) {
          entry.callee(callee, weight);
        }
      }
      if (entry.lastSample != sample) {
        entry.lastSample = sample;
        entry.total += weight;
      }
    }
  }

  /**
   * The samples counted since the previous window, and starts a new window.
   *
   * @param residents methods that never returned (see {@link ThreadRoots}): their self samples go
   *     to the library calls they made
   * @param waiting the window's waiting methods (see {@link WaitingMethods})
   */
  SampleWindow take(Map<String, String> residents, List<SampleWindow.Waited> waiting) {
    return take(residents, waiting, 0, 0);
  }

  /**
   * The samples counted since the last window that had enough of them, and starts a new window
   * unless this one has fewer than {@code minSamples} and fewer than {@code maxCarried} periods
   * were carried so far: then the next window holds this one's samples too. Where the
   * application's threads are seldom in Java code when JFR samples (the jdbc workload: 50-90
   * samples in a 30-second run on a quiet machine, under 20 a window), each period alone is too
   * thin to judge and no method would ever be timed; together they say enough.
   */
  SampleWindow take(Map<String, String> residents, List<SampleWindow.Waited> waiting,
      long minSamples, int maxCarried) {
    List<SampleWindow.Counted> counted = new ArrayList<>(entries.size());
    Map<String, SampleWindow.Counted> boundaries = new HashMap<>();
    for (Entry entry : entries.values()) {
      String key = entry.frame.key();
      Callee caller = entry.mainCaller();
      Frame callerFrame = caller == null ? null : caller.frame;
      long callerSamples = caller == null ? 0 : caller.samples;
      if (!residents.containsKey(key)) {
        counted.add(new SampleWindow.Counted(entry.frame, entry.self, entry.total,
            entry.calling, callerFrame, callerSamples));
        continue;
      }
      counted.add(new SampleWindow.Counted(entry.frame, 0, entry.total, entry.calling,
          callerFrame, callerSamples));
      for (Callee callee : entry.callees.values()) {
        boundaries.merge(callee.frame.key(),
            new SampleWindow.Counted(callee.frame, callee.samples, callee.samples),
            (a, b) -> new SampleWindow.Counted(a.method(), a.self() + b.self(),
                a.total() + b.total()));
      }
    }
    SampleWindow result = new SampleWindow(samples, counted,
        new ArrayList<>(boundaries.values()), residents, waiting, carried + 1);
    if (samples < minSamples && carried < maxCarried) {
      carried++;
    } else {
      entries.clear();
      samples = 0;
      carried = 0;
    }
    return result;
  }

  private Entry entry(Frame frame) {
    String key = frame.key();
    Entry entry = entries.get(key);
    if (entry == null) {
      if (entries.size() >= capacity) {
        return null;
      }
      entry = new Entry(frame);
      entries.put(key, entry);
    }
    return entry;
  }

  /** One method's counts in the current window. */
  private static final class Entry {
    final Frame frame;
    final Map<String, Callee> callees = new HashMap<>();
    final Map<String, Callee> callers = new HashMap<>();
    long self;
    long total;
    long calling;
    long lastSample;
    long lastCallerSample = -1;

    Entry(Frame frame) {
      this.frame = frame;
    }

    void callee(Frame frame, long weight) {
      count(callees, MAX_CALLEES, frame, weight);
    }

    void caller(Frame frame, long weight) {
      count(callers, MAX_CALLERS, frame, weight);
    }

    /** Adds {@code weight} samples to {@code frame}'s tally, a new one while under {@code max}. */
    private static void count(Map<String, Callee> tally, int max, Frame frame, long weight) {
      Callee counted = tally.get(frame.key());
      if (counted == null) {
        if (tally.size() >= max) {
          return;
        }
        counted = new Callee(new Frame(frame.className(), frame.methodName(), frame.descriptor(),
            0));
        tally.put(frame.key(), counted);
      }
      counted.samples += weight;
    }

    /** The caller of most of its samples, or {@code null}. */
    Callee mainCaller() {
      Callee main = null;
      for (Callee caller : callers.values()) {
        if (main == null || caller.samples > main.samples
            || caller.samples == main.samples
                && caller.frame.key().compareTo(main.frame.key()) < 0) {
          main = caller;
        }
      }
      return main;
    }
  }

  /**
   * A library method an application method called, and in how many of its self samples; or an
   * application method that called it, and in how many of its samples.
   */
  private static final class Callee {
    final Frame frame;
    long samples;

    Callee(Frame frame) {
      this.frame = frame;
    }
  }
}
