package dev.overclock.offload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code auto=optimize}: the audit of every pool it moved to virtual threads on its own, in the
 * order made, each entry as it stands now ({@link PoolMove}): the move, the gain check's verdict
 * with its figures, the move back and why. The first {@link #MAX} moves only (a program that makes
 * a pool per request could otherwise grow it without end); later ones are counted.
 *
 * <p>Entries are found by the pool's lane, held weakly: a pool collected keeps its entry.
 */
final class PoolMoves {

  /** Moves audited at most. */
  static final int MAX = 200;

  private final List<PoolMove> moves = new ArrayList<>();
  private final Map<Object, Integer> index = new WeakHashMap<>();
  private int leftOut;

  /**
   * A pool moved to virtual threads.
   *
   * @param lane the pool's lane (the entry's key)
   * @param why the evidence it moved on
   * @param platformPerSecond its saturated rate on platform threads before the move; -1 unknown
   * @param taskNanos the mean time a task ran there; -1 unknown
   */
  synchronized void moved(Object lane, Instant now, String site, int size, String why,
      double platformPerSecond, double taskNanos) {
    if (index.containsKey(lane)) {
      return; // one entry per pool: it never moves to virtual threads twice
    }
    if (moves.size() >= MAX) {
      leftOut++;
      return;
    }
    index.put(lane, moves.size());
    moves.add(new PoolMove(site, size, now, now, "applied", "moved to virtual threads: " + why,
        null, "waiting", null, platformPerSecond, -1, taskNanos, -1));
  }

  /** The pool's gain check ended: its verdict and figures. */
  synchronized void checked(Object lane, Instant now, GainCheck.Outcome outcome) {
    Integer at = index.get(lane);
    if (at != null && moves.get(at).state().equals("applied")) {
      moves.set(at, moves.get(at).checked(now, outcome));
    }
  }

  /**
   * New tasks of the pool run on platform threads again, for {@code why}: {@code moved back:
   * ...} (the gain check), {@code pinned: ...} (with the {@code frame} that pinned) or the agent
   * detached. Nothing for a pool that never moved.
   */
  synchronized void back(Object lane, Instant now, String why, String frame) {
    Integer at = index.get(lane);
    if (at == null || !moves.get(at).state().equals("applied")) {
      return;
    }
    String because = why.startsWith("pinned") ? "pinned"
        : why.startsWith("moved back") ? "no-gain" : "detached";
    moves.set(at, moves.get(at).undone(now, why, because,
        because.equals("pinned") ? frame : null));
  }

  /** Every move audited, in the order made. */
  synchronized List<PoolMove> list() {
    return List.copyOf(moves);
  }

  /** Moves made beyond {@link #MAX}, not in {@link #list()}. */
  synchronized int leftOut() {
    return leftOut;
  }
}
