package dev.overclock.analyze;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of things by site and class (throwables by throw site), bounded: once {@code max}
 * distinct pairs are known, new pairs are only counted as {@link #untracked}.
 */
final class Sites {

  record Entry(String site, String className, long count) {}

  private final int max;
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, String[]> names = new HashMap<>();
  long total;
  long untracked;

  Sites(int max) {
    this.max = max;
  }

  void add(String site, String className) {
    total++;
    String key = site + '\n' + className;
    long[] count = counts.get(key);
    if (count == null) {
      if (counts.size() >= max) {
        untracked++;
        return;
      }
      count = new long[1];
      counts.put(key, count);
      names.put(key, new String[] {site, className});
    }
    count[0]++;
  }

  /** The {@code n} largest counts, largest first. */
  List<Entry> top(int n) {
    List<Entry> all = new ArrayList<>(counts.size());
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      String[] name = names.get(entry.getKey());
      all.add(new Entry(name[0], name[1], entry.getValue()[0]));
    }
    all.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count())
        : (a.site() + a.className()).compareTo(b.site() + b.className()));
    return all.subList(0, Math.min(n, all.size()));
  }
}
