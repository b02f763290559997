package dev.overclock.cli;

import dev.overclock.analyze.Budget;
import dev.overclock.analyze.Change;

/**
 * One budget checked on one method: what every output format of {@code compare} shows, one row,
 * one JUnit test case, or one annotation each.
 *
 * @param change for a growth budget, the judged change; {@code null} for an absolute budget
 * @param value for an absolute budget, the candidate's figure
 * @param decision held, exceeded, or inconclusive (a growth budget the runs cannot decide)
 * @param line one sentence for people: the figures, the change with its interval, the verdict
 */
record GateOutcome(String method, Budget budget, Change change, double value,
    Budget.Decision decision, String line) {

  boolean exceeded() {
    return decision == Budget.Decision.EXCEEDED;
  }

  /** Neither held nor exceeded: too few calls or runs to tell, or a change noise may explain. */
  boolean inconclusive() {
    return decision == Budget.Decision.INCONCLUSIVE;
  }
}
