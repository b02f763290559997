package dev.overclock.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * One call of a timed method that took at least {@code jfr.slowThreshold}, with the stack of the
 * thread that made it. Committed by the agent on that thread right after the call returned (the
 * top frames of the stack are the agent's own, then the timed method and its callers); at most
 * a fixed number per second, so a burst of slow calls cannot flood a recording.
 */
@Name("overclock.SlowInvocation")
@Label("Slow Invocation")
@Category("Overclock")
@Description("A call of a timed method that took at least the slow threshold")
final class SlowInvocationEvent extends Event {

  @Label("Method")
  @Description("class::method")
  String method;

  @Label("Descriptor")
  String descriptor;

  @Label("Call Duration")
  @Timespan(Timespan.NANOSECONDS)
  long callDuration;

  @Label("Threshold")
  @Timespan(Timespan.NANOSECONDS)
  long threshold;

  @Label("Threw")
  @Description("Whether the call ended by throwing")
  boolean threw;
}
