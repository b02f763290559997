package dev.overclock.report;

import dev.overclock.metrics.MethodSnapshot;

/**
 * What the report knows about a timed method beyond its timings: why the agent timed it on its
 * own, what JFR events say about it, how often its arguments repeat. The live agent's JFR part
 * provides them; without it, {@link #NONE}.
 */
public interface MethodInsights {

  MethodInsights NONE = new MethodInsights() {};

  /** Why the agent timed it on its own, or {@code null}. */
  default MethodReport.Auto auto(MethodSnapshot method) {
    return null;
  }

  /** What JFR events say about it, or {@code null}. */
  default MethodReport.Evidence evidence(MethodSnapshot method) {
    return null;
  }

  /** How often its arguments repeated, or {@code null} when they were not sampled. */
  default MethodReport.Arguments arguments(MethodSnapshot method) {
    return null;
  }
}
