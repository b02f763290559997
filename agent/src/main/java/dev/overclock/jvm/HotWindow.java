package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application methods' execution samples since the last {@link #take}: what hot-method
 * detection ranks. At most {@code capacity} methods per window; later ones are not counted.
 */
final class HotWindow {

  private final ApplicationCode code;
  private final int capacity;
  private final Map<String, Entry> entries = new HashMap<>();
  private long samples;

  HotWindow(ApplicationCode code, int capacity) {
    this.code = code;
    this.capacity = capacity;
  }

  /**
   * Counts sample number {@code sample}: self for its innermost application frame, total once for
   * every application method on the stack (also under recursion).
   */
  void add(List<Frame> frames, long sample) {
    samples++;
    boolean selfFound = false;
    for (Frame frame : frames) {
      if (!code.isApplication(frame.className())) {
        continue;
      }
      boolean self = !selfFound;
      selfFound = true;
      Entry entry = entry(frame);
      if (entry == null) {
        continue;
      }
      if (self) {
        entry.self++;
      }
      if (entry.lastSample != sample) {
        entry.lastSample = sample;
        entry.total++;
      }
    }
  }

  /** The samples counted since the previous window, and starts a new window. */
  SampleWindow take() {
    List<SampleWindow.Counted> counted = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      counted.add(new SampleWindow.Counted(entry.frame, entry.self, entry.total));
    }
    SampleWindow result = new SampleWindow(samples, counted);
    entries.clear();
    samples = 0;
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
    long self;
    long total;
    long lastSample;

    Entry(Frame frame) {
      this.frame = frame;
    }
  }
}
