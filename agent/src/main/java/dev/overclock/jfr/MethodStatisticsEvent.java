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
 * The calls of one timed method in one window: count, errors and latency percentiles of those
 * calls only (windowed, not cumulative). Periodic: JFR asks for it at the period a recording
 * sets (1 s unless the recording says otherwise), and the agent emits one per method that
 * completed calls in the window.
 */
@Name("overclock.MethodStatistics")
@Label("Method Statistics")
@Category("Overclock")
@Description("Calls of one timed method since the previous window: count, errors, latency"
    + " percentiles")
@StackTrace(false)
@Period("1 s")
final class MethodStatisticsEvent extends Event {

  @Label("Method")
  @Description("class::method")
  String method;

  @Label("Descriptor")
  String descriptor;

  @Label("Selected By")
  @Description("annotation, filter or auto")
  String selectedBy;

  @Label("Window")
  @Description("Length of the window these calls completed in")
  @Timespan(Timespan.NANOSECONDS)
  long window;

  @Label("Calls")
  long calls;

  @Label("Errors")
  @Description("Calls that ended by throwing")
  long errors;

  @Label("Mean")
  @Timespan(Timespan.NANOSECONDS)
  long mean;

  @Label("p50")
  @Timespan(Timespan.NANOSECONDS)
  long p50;

  @Label("p90")
  @Timespan(Timespan.NANOSECONDS)
  long p90;

  @Label("p99")
  @Timespan(Timespan.NANOSECONDS)
  long p99;

  @Label("Max")
  @Timespan(Timespan.NANOSECONDS)
  long max;

  @Label("Total Calls")
  @Description("Calls since the method was instrumented")
  long totalCalls;
}
