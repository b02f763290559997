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

  private final ApplicationCode code;
  private final int capacity;
  private final Map<String, Counters> methods = new HashMap<>();
  private long untrackedMethods;
  private long blockedEvents;

  MethodCounters(ApplicationCode code, int capacity) {
    this.code = code;
    this.capacity = capacity;
  }

  /** Counts sample number {@code sample} for every non-JDK method on its stack, once each. */
  void sampled(List<Frame> frames, long sample) {
    boolean selfFound = false;
    for (Frame frame : frames) {
      String className = frame.className();
      if (ApplicationCode.isJdk(className)) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters != null && counters.lastSample != sample) {
        counters.lastSample = sample;
        counters.samples++;
      }
      if (!code.isApplication(className)) {
        continue;
      }
      boolean self = !selfFound;
      selfFound = true;
      if (self && counters != null) {
        counters.selfSamples++;
      }
    }
  }

  /** Adds a wait of {@code nanos} to every non-JDK method on its stack, once each. */
  void blocked(Blocking kind, List<Frame> frames, long nanos, boolean virtualThread) {
    long event = ++blockedEvents;
    for (Frame frame : frames) {
      if (ApplicationCode.isJdk(frame.className())) {
        continue;
      }
      Counters counters = counters(frame.key());
      if (counters == null || counters.lastBlocked == event) {
        continue;
      }
      counters.lastBlocked = event;
      counters.blocked[kind.category().ordinal()] += nanos;
      counters.blockingEvents++;
      if (virtualThread) {
        counters.virtualThreadEvents++;
      }
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
        counters.virtualThreadEvents);
  }

  /**
   * The methods with the most self samples (then total samples), at most {@code top}.
   *
   * @param allSamples the execution samples so far, for the shares
   */
  List<JvmReport.HotMethod> hottest(int top, long allSamples) {
    List<Map.Entry<String, Counters>> ranked = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : methods.entrySet()) {
      if (entry.getValue().selfSamples > 0 || entry.getValue().samples > 0) {
        ranked.add(entry);
      }
    }
    ranked.sort(Comparator
        .comparingLong((Map.Entry<String, Counters> e) -> e.getValue().selfSamples)
        .thenComparingLong(e -> e.getValue().samples).reversed()
        .thenComparing(Map.Entry::getKey));
    List<JvmReport.HotMethod> hot = new ArrayList<>();
    for (Map.Entry<String, Counters> entry : ranked) {
      Counters counters = entry.getValue();
      if (hot.size() >= top || counters.selfSamples == 0) {
        break;
      }
      hot.add(new JvmReport.HotMethod(counters.name, entry.getKey(), counters.selfSamples,
          counters.samples, share(counters.selfSamples, allSamples),
          share(counters.samples, allSamples), null, null));
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
    final long[] blocked = new long[Blocking.Category.values().length];
    long blockingEvents;
    long virtualThreadEvents;
    long lastSample;
    long lastBlocked;

    Counters(String name) {
      this.name = name;
    }
  }
}
