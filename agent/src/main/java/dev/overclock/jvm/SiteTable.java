package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heaviest sites of some kind of event (allocation, contention, blocking I/O), by weight
 * (bytes or nanoseconds), in bounded memory.
 *
 * <p>Keeps at most {@code capacity} sites with the Space-Saving algorithm (Metwally, Agrawal, El
 * Abbadi, 2005): when a new site arrives and the table is full, it replaces the lightest site and
 * inherits its weight as a possible overestimate ({@link Entry#error}). Every site heavier than
 * {@code total / capacity} is guaranteed to be in the table, and the weights of the top sites
 * are exact as long as fewer than {@code capacity} sites ever occur, which is the common case.
 */
final class SiteTable {

  /** One site and its figures. */
  static final class Entry {
    final String site;
    final String kind;
    final String detail;
    /** The innermost frame outside the JDK, or {@code null} where not told. */
    String frame;
    /** The innermost application frame, or {@code null}. */
    String applicationFrame;
    long count;
    long weight;
    long max;
    long bytes;
    long error;
    List<String> stack;

    Entry(String site, String kind, String detail) {
      this.site = site;
      this.kind = kind;
      this.detail = detail;
    }
  }

  /** The most keys {@link #keys} holds, then forgotten. */
  static final int KEY_CACHE = 16_384;

  private final int capacity;
  private final Map<String, Entry> entries = new HashMap<>();
  /**
   * Each site's key string by where, kind and detail: built by concatenation, it was built and
   * hashed afresh for every event (an allocation sample, a park), where a kept one has its hash
   * and compares by reference. The same strings as before, so the table orders its entries as
   * before.
   */
  private final Map<WaitSites.Where, Map<String, Map<String, String>>> keys = new HashMap<>();
  private int cachedKeys;
  private long total;
  private long events;

  SiteTable(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds one event.
   *
   * @param site where it happened (a frame, as {@link Frame#site})
   * @param kind what kind of event ({@code park}, {@code socket-read}, ...)
   * @param detail what it was about (a class, host or path)
   * @param weight its weight: bytes, or nanoseconds
   * @param bytes bytes it moved, if any
   * @param stack frames to keep with a new entry, or {@code null}
   */
  void add(String site, String kind, String detail, long weight, long bytes, List<String> stack) {
    add(site, null, null, kind, detail, 1, weight, weight, bytes, stack,
        key(site, null, kind, detail));
  }

  /**
   * Adds one event with the frame where it happened and the application frame that led there:
   * sites of one application frame reached through different code are different entries.
   */
  void add(WaitSites.Where where, String kind, String detail, long weight, long bytes) {
    add(where, kind, detail, 1, weight, weight, bytes);
  }

  /**
   * Adds {@code events} events of one site at once, as one by one: {@code weight} and {@code
   * bytes} in all, {@code max} the largest single weight.
   */
  void add(WaitSites.Where where, String kind, String detail, long events, long weight, long max,
      long bytes) {
    add(where.site(), where.frame(), where.applicationFrame(), kind, detail, events, weight, max,
        bytes, null, key(where, kind, detail));
  }

  /** Whether the table holds as many sites as it can: a new site replaces one. */
  boolean full() {
    return entries.size() >= capacity;
  }

  /** Whether adding an event of this site would replace another site (the table is full). */
  boolean wouldEvict(WaitSites.Where where, String kind, String detail) {
    return entries.size() >= capacity && !entries.containsKey(key(where, kind, detail));
  }

  private String key(WaitSites.Where where, String kind, String detail) {
    String last = where.key(kind, detail);
    if (last != null) {
      return last;
    }
    Map<String, Map<String, String>> byKind = keys.get(where);
    if (byKind == null) {
      if (cachedKeys >= KEY_CACHE) {
        keys.clear();
        cachedKeys = 0;
      }
      byKind = new HashMap<>(4);
      keys.put(where, byKind);
    }
    Map<String, String> byDetail = byKind.get(kind);
    if (byDetail == null) {
      byDetail = new HashMap<>(4);
      byKind.put(kind, byDetail);
    }
    String key = byDetail.get(detail);
    if (key == null) {
      key = key(where.site(), where.frame(), kind, detail);
      byDetail.put(detail, key);
      cachedKeys++;
    }
    where.key(kind, detail, key);
    return key;
  }

  private void add(String site, String frame, String applicationFrame, String kind,
      String detail, long count, long weight, long max, long bytes, List<String> stack,
      String key) {
    total += weight;
    events += count;
    Entry entry = entries.get(key);
    if (entry == null) {
      long inherited = 0;
      if (entries.size() >= capacity) {
        Entry lightest = null;
        for (Entry candidate : entries.values()) {
          if (lightest == null || candidate.weight < lightest.weight) {
            lightest = candidate;
          }
        }
        entries.remove(key(lightest.site, lightest.frame, lightest.kind, lightest.detail));
        inherited = lightest.weight;
      }
      entry = new Entry(site, kind, detail);
      entry.weight = inherited;
      entry.error = inherited;
      entry.stack = stack;
      entry.frame = frame;
      entry.applicationFrame = applicationFrame;
      entries.put(key, entry);
    }
    entry.count += count;
    entry.weight += weight;
    entry.bytes += bytes;
    entry.max = Math.max(entry.max, max);
  }

  private static String key(String site, String frame, String kind, String detail) {
    return site + '\u0000' + frame + '\u0000' + kind + '\u0000' + detail;
  }

  /** The heaviest entries, heaviest first. */
  List<Entry> top(int limit) {
    List<Entry> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong((Entry e) -> e.weight).reversed()
        .thenComparing(e -> e.site));
    return sorted.subList(0, Math.min(limit, sorted.size()));
  }

  /** Sum of the weights of every event added. */
  long total() {
    return total;
  }

  /** Number of events added. */
  long events() {
    return events;
  }
}
