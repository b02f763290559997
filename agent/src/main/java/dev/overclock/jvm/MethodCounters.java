package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative evidence per non-JDK method: execution samples with the method anywhere on the stack
 * (total) and as innermost application frame (self), and the time its threads waited, by kind.
 * At most {@code capacity} methods are tracked; later ones are counted as untracked only.
 */
final class MethodCounters {

  /** Application frames kept per method as where its top-frame samples came from. */
  static final int MAX_VIA = 8;

  private final ApplicationCode code;
  private final int capacity;
  private final Map<String, Counters> methods = new HashMap<>();
  private long untrackedMethods;
  private long blockedEvents;

  MethodCounters(ApplicationCode code, int capacity) {
    this.code = code;
    this.capacity = capacity;
  }

  /**
   * Counts sample number {@code sample} for every non-JDK method on its stack, once each, and
   * for its top frame (JDK code included), with the innermost application frame that led there.
   */
  void sampled(List<Frame> frames, long sample) {
    sampled(frames, sample, 1);
  }

  /**
   * {@link #sampled(List, long)} for {@code weight} samples of the same stack at once; {@code
   * sample} is a number no other call uses (it tells the stack's methods apart from recursion).
   */
  void sampled(List<Frame> frames, long sample, long weight) {
    if (!frames.isEmpty()) {
      Counters top = counters(frames.get(0).key());
      if (top != null) {
        top.topSamples += weight;
        top.via(innermostApplication(frames), weight);
      }
    }
    boolean io = inIo(frames);
    boolean selfFound = false;
    for (Frame frame : frames) {
      if (frame.jdk()) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters != null && counters.lastSample != sample) {
        counters.lastSample = sample;
        counters.samples += weight;
        if (io) {
          counters.ioSamples += weight;
        }
      }
      if (!code.isApplication(frame)) {
        continue;
      }
      boolean self = !selfFound;
      selfFound = true;
      if (self && counters != null) {
        counters.selfSamples += weight;
      }
    }
  }

  /**
   * Whether the sample caught its thread in file or network I/O: a JDK frame of the I/O classes
   * among the innermost frames, before the first non-JDK one (the code that asked for the I/O).
   */
  static boolean inIo(List<Frame> frames) {
    for (Frame frame : frames) {
      if (!frame.jdk()) {
        return false;
      }
      String type = frame.className();
      for (String prefix : IO_CLASSES) {
        if (type.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The JDK's file and network I/O: channels, file systems, streams on files, sockets. */
  private static final String[] IO_CLASSES = {"sun.nio.ch.", "sun.nio.fs.", "java.nio.file.Files",
      "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.RandomAccessFile",
      "java.net.", "sun.net.", "jdk.internal.net."};

  private String innermostApplication(List<Frame> frames) {
    for (Frame frame : frames) {
      if (code.isApplication(frame)) {
        return frame.name();
      }
    }
    return null;
  }

  /** Adds a wait of {@code nanos} to every non-JDK method on its stack, once each. */
  void blocked(Blocking kind, List<Frame> frames, long nanos, boolean virtualThread) {
    blocked(kind, frames, 1, nanos, virtualThread ? 1 : 0);
  }

  /**
   * {@link #blocked(Blocking, List, long, boolean)} for {@code events} waits with the same stack
   * at once: {@code nanos} in all, {@code virtualThreadEvents} of them on virtual threads.
   */
  void blocked(Blocking kind, List<Frame> frames, long events, long nanos,
      long virtualThreadEvents) {
    long event = ++blockedEvents;
    for (Frame frame : frames) {
      if (frame.jdk()) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters == null || counters.lastBlocked == event) {
        continue;
      }
      counters.lastBlocked = event;
      counters.blocked[kind.category().ordinal()] += nanos;
      counters.blockingEvents += events;
      counters.virtualThreadEvents += virtualThreadEvents;
    }
  }

  /** The evidence about a method so far ({@link Frame#key} form), never null. */
  MethodEvidence evidence(String key) {
    Counters counters = methods.get(key);
    if (counters == null) {
      return MethodEvidence.NONE;
    }
    return new MethodEvidence(
        counters.samples,
        counters.selfSamples,
        counters.blocked[Blocking.Category.LOCK.ordinal()],
        counters.blocked[Blocking.Category.IO.ordinal()],
        counters.blocked[Blocking.Category.SLEEP.ordinal()],
        counters.blockingEvents,
        counters.virtualThreadEvents,
        counters.ioSamples);
  }

  /**
   * The application's view: the methods with the most self samples (the JDK and library code
   * they call counted as theirs), then total samples, then samples as the top frame, at most
   * {@code top}.
   *
   * @param allSamples the execution samples so far, for the shares
   */
  List<JvmReport.HotMethod> hottest(int top, long allSamples) {
    return ranked(top, allSamples, Comparator
        .comparingLong((Map.Entry<String, Counters> e) -> e.getValue().selfSamples)
        .thenComparingLong(e -> e.getValue().samples)
        // a tie goes to the method that spends its own code's time, not a callee's
        .thenComparingLong(e -> e.getValue().topSamples).reversed()
        .thenComparing(Map.Entry::getKey), counters -> counters.selfSamples);
  }

  /**
   * Hot methods as profilers mean it: the methods with the most samples as the top frame, JDK and
   * library code included (what {@code jfr view hot-methods} lists), at most {@code top}, each
   * with the application frame that led there.
   *
   * @param allSamples the execution samples so far, for the shares
   */
  List<JvmReport.HotMethod> topFrames(int top, long allSamples) {
    return ranked(top, allSamples, Comparator
        .comparingLong((Map.Entry<String, Counters> e) -> e.getValue().topSamples)
        .thenComparingLong(e -> e.getValue().selfSamples).reversed()
        .thenComparing(Map.Entry::getKey), counters -> counters.topSamples);
  }

  private List<JvmReport.HotMethod> ranked(int top, long allSamples,
      Comparator<Map.Entry<String, Counters>> order,
      java.util.function.ToLongFunction<Counters> count) {
    List<Map.Entry<String, Counters>> ranked = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : methods.entrySet()) {
      if (count.applyAsLong(entry.getValue()) > 0) {
        ranked.add(entry);
      }
    }
    ranked.sort(order);
    List<JvmReport.HotMethod> hot = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : ranked.subList(0, Math.min(top, ranked.size()))) {
      Counters counters = entry.getValue();
      hot.add(new JvmReport.HotMethod(counters.name, entry.getKey(), counters.selfSamples,
          counters.samples, share(counters.selfSamples, allSamples),
          share(counters.samples, allSamples), null, null, counters.topSamples,
          share(counters.topSamples, allSamples), counters.via()));
    }
    return hot;
  }

  private static double share(long count, long allSamples) {
    return allSamples == 0 ? 0 : Timeline.clamp((double) count / allSamples);
  }

  private Counters counters(String key) {
    Counters counters = methods.get(key);
    if (counters == null) {
      if (methods.size() >= capacity) {
        untrackedMethods++;
        return null;
      }
      int descriptor = key.indexOf('(');
      counters = new Counters(descriptor < 0 ? key : key.substring(0, descriptor));
      methods.put(key, counters);
    }
    return counters;
  }

  /** Cumulative counters of one method. */
  private static final class Counters {
    final String name;
    long samples;
    long selfSamples;
    long topSamples;
    Map<String, Long> via;
    final long[] blocked = new long[Blocking.Category.values().length];
    long blockingEvents;
    long virtualThreadEvents;
    long ioSamples;
    long lastSample;
    long lastBlocked;

    Counters(String name) {
      this.name = name;
    }

    /** Counts the application frame top-frame samples came through (a few kept per method). */
    void via(String application, long weight) {
      if (application == null) {
        return;
      }
      if (via == null) {
        via = new HashMap<>(4);
      }
      if (via.size() < MAX_VIA || via.containsKey(application)) {
        via.merge(application, weight, Long::sum);
      }
    }

    /** The application frame most of its top-frame samples came through, or {@code null}. */
    String via() {
      if (via == null) {
        return null;
      }
      String best = null;
      long most = 0;
      for (Map.Entry<String, Long> entry : via.entrySet()) {
        if (entry.getValue() > most
            || entry.getValue() == most && best != null && entry.getKey().compareTo(best) < 0) {
          best = entry.getKey();
          most = entry.getValue();
        }
      }
      return best;
    }
  }
}
