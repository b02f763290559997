package dev.overclock.offload;

import java.time.Instant;

/**
 * {@code auto=optimize} moved one thread pool to virtual threads on its own: the audit entry of
 * that change, as it stands now (the report's {@code optimizations[]} lists it beside the
 * memoizations). Rates are tasks ended per second; times are nanoseconds; -1 where not measured.
 *
 * @param site where the application created the pool (as {@link PoolSnapshot#site})
 * @param poolSize how many tasks the pool ran at once on its own threads
 * @param movedAt when new tasks started going to virtual threads
 * @param at when the state last changed (the move, the gain check's verdict, the move back)
 * @param state {@code applied} (new tasks run on virtual threads) or {@code undone} (back on
 *     platform threads for new tasks)
 * @param reason the evidence it moved on and, once checked, the gain check's figures ({@code
 *     ...; paid: 410 tasks/s on virtual threads against 160 ...}); for an undone move, why it
 *     moved back
 * @param evidence the frame that pinned a virtual thread, for a move undone by pinning; else
 *     {@code null}
 * @param verdict the gain check: {@code waiting} (still measuring), {@code proven} (the move
 *     paid), {@code refuted} (it did not: moved back); {@code null} when the pool moved back
 *     before the check ended (pinning, detach)
 * @param undoneBecause for an undone move, in one word: {@code no-gain}, {@code pinned} or
 *     {@code detached}; {@code null} otherwise
 * @param platformPerSecond the pool's saturated rate on its platform threads before the move
 * @param virtualPerSecond its rate after the move, once the check measured it (may be infinite:
 *     every task of the window ended at one instant)
 * @param taskNanosBefore the mean time a task ran on platform threads before the move
 * @param taskNanosAfter the mean time a task ran after it, once measured
 */
public record PoolMove(
    String site,
    int poolSize,
    Instant movedAt,
    Instant at,
    String state,
    String reason,
    String evidence,
    String verdict,
    String undoneBecause,
    double platformPerSecond,
    double virtualPerSecond,
    double taskNanosBefore,
    double taskNanosAfter) {

  /** Whether the move is in place and its gain check found that it paid. */
  public boolean proven() {
    return "applied".equals(state) && "proven".equals(verdict);
  }

  /** Tasks per second after the move over before it; -1 until both were measured. */
  public double gain() {
    return platformPerSecond > 0 && virtualPerSecond >= 0
        ? virtualPerSecond / platformPerSecond : -1;
  }

  PoolMove checked(Instant now, GainCheck.Outcome outcome) {
    return new PoolMove(site, poolSize, movedAt, now, state,
        reason + "; " + outcome.reason(), evidence, outcome.paid() ? "proven" : "refuted",
        undoneBecause, outcome.platformPerSecond(), outcome.virtualPerSecond(),
        outcome.platformTaskNanos(), outcome.taskNanos());
  }

  PoolMove undone(Instant now, String why, String because, String frame) {
    return new PoolMove(site, poolSize, movedAt, now, "undone", why, frame,
        "waiting".equals(verdict) ? null : verdict, because, platformPerSecond, virtualPerSecond,
        taskNanosBefore, taskNanosAfter);
  }
}
