package dev.overclock.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The offloaded calls of one method in one window: calls, timeouts, rejections, failures and the
 * latency of the bodies that finished, since the previous event (windowed, not cumulative), with
 * the bodies in flight now. Periodic, like {@link MethodStatisticsEvent}; emitted only while
 * offload is on, one per offloaded method that had a call, a body running or a body finishing in
 * the window.
 */
@Name("overclock.OffloadStatistics")
@Label("Offload Statistics")
@Category("Overclock")
@Description("Offloaded calls of one method since the previous window: calls, bodies in flight,"
    + " queue waits, timeouts, rejections, failures, body latency")
@StackTrace(false)
@Period("1 s")
final class OffloadStatisticsEvent extends Event {

  @Label("Method")
  @Description("class::method")
  String method;

  @Label("Descriptor")
  String descriptor;

  @Label("Mode")
  @Description("future (the caller gets a future), fire-and-forget (void) or wait (the caller"
      + " waits for the body)")
  String mode;

  @Label("Carrier")
  @Description("virtual (a virtual thread per call) or platform (the agent's pool, JDK 17-20)")
  String carrier;

  @Label("Window")
  @Description("Length of the window these figures cover")
  @Timespan(Timespan.NANOSECONDS)
  long window;

  @Label("Calls")
  @Description("Calls offloaded in the window, rejected and timed-out ones included")
  long calls;

  @Label("In Flight")
  @Description("Bodies running at the end of the window")
  int inFlight;

  @Label("Max In Flight")
  @Description("The most bodies that ran at once since offloading started")
  int maxInFlight;

  @Label("Queue Waits")
  @Description("Calls in the window that waited for a free slot (maxConcurrency)")
  long queueWaits;

  @Label("Timeouts")
  @Description("Bodies in the window that ran past the timeout and were interrupted")
  long timeouts;

  @Label("Rejections")
  @Description("Calls in the window that found no free slot within queueTimeout")
  long rejections;

  @Label("Failures")
  @Description("Bodies in the window that threw")
  long failures;

  @Label("Bodies")
  @Description("Bodies that finished in the window: the count behind the percentiles")
  long bodies;

  @Label("Body p50")
  @Timespan(Timespan.NANOSECONDS)
  long p50;

  @Label("Body p99")
  @Timespan(Timespan.NANOSECONDS)
  long p99;

  @Label("Body Max")
  @Timespan(Timespan.NANOSECONDS)
  long max;

  @Label("Pinned")
  @Description("Times in the window a body pinned its carrier thread (JDK 21+)")
  long pinned;

  @Label("Total Calls")
  long totalCalls;
}
