package dev.overclock.jvm;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Allocation samples and blocking events counted per stack, kind and detail (the class allocated,
 * the lock's class, the endpoint), by the stack list's identity (the offline reader shares one
 * list per stack), until {@link JvmProfile} adds them to its tables in one weighted step each.
 * Adding an event to the site tables, the per-method counters and the waiting methods costs a
 * walk of its stack and several hash lookups; a recording's allocation samples and parks repeat a
 * few stacks many times, and counting them here costs one lookup.
 *
 * <p>What is counted here only adds to table entries the same key's first event created (that
 * one is added at once, so entries are created in the order they were); sums, counts and maxima
 * do not depend on the order they are added in. At most {@link #MAX_TALLIES} tallies, then the
 * caller is told to add and forget them.
 */
final class StackTallies {

  static final int MAX_TALLIES = 16_384;

  /** The events of one stack, kind and detail not yet added. */
  static final class Tally {
    final List<Frame> stack;
    /** {@code null} for allocation samples. */
    final Blocking kind;
    final String detail;
    /** The next tally of the same stack, or {@code null}. */
    Tally next;
    long events;
    /** Bytes allocated (allocation samples) or nanoseconds waited, in all. */
    long weight;
    /** The largest single weight. */
    long max;
    long bytes;
    long virtualThreadEvents;

    Tally(List<Frame> stack, Blocking kind, String detail) {
      this.stack = stack;
      this.kind = kind;
      this.detail = detail;
    }
  }

  private final Map<List<Frame>, Tally> byStack = new IdentityHashMap<>();
  private int size;

  /**
   * Counts one event if its stack, kind and detail have a tally.
   *
   * @param weight bytes allocated or nanoseconds waited, at least 0
   * @return whether it was counted; if not, the caller adds it to the tables itself (and may
   *     {@link #start} a tally for the next ones)
   */
  boolean count(List<Frame> stack, Blocking kind, String detail, long weight, long bytes,
      boolean virtualThread) {
    if (size == 0) {
      return false; // the live profile's case: nothing is tallied
    }
    Tally tally = byStack.get(stack);
    while (tally != null && (tally.kind != kind || !Objects.equals(tally.detail, detail))) {
      tally = tally.next;
    }
    if (tally == null) {
      return false;
    }
    tally.events++;
    tally.weight += weight;
    tally.max = Math.max(tally.max, weight);
    tally.bytes += bytes;
    if (virtualThread) {
      tally.virtualThreadEvents++;
    }
    return true;
  }

  /**
   * Opens a tally for the events after this one (which the caller added itself).
   *
   * @return false when there are {@link #MAX_TALLIES} already: the caller adds and forgets them
   */
  boolean start(List<Frame> stack, Blocking kind, String detail) {
    if (size >= MAX_TALLIES) {
      return false;
    }
    Tally tally = new Tally(stack, kind, detail);
    tally.next = byStack.get(stack);
    byStack.put(stack, tally);
    size++;
    return true;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Hands each tally with events to {@code add}, then forgets them all. */
  void drain(Consumer<Tally> add) {
    for (Tally first : byStack.values()) {
      for (Tally tally = first; tally != null; tally = tally.next) {
        if (tally.events > 0) {
          add.accept(tally);
        }
      }
    }
    byStack.clear();
    size = 0;
  }
}
