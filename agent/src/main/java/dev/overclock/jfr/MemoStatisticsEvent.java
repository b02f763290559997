package dev.overclock.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The cache of one memoized method in one window: hits, misses, verifications and evictions since
 * the previous event (windowed, not cumulative), with the cache's size and the running totals as
 * of now. Periodic, like {@link MethodStatisticsEvent}; emitted only while memoization is on, one
 * per memoized method whose cache saw a call or an eviction in the window.
 */
@Name("overclock.MemoStatistics")
@Label("Memoization Statistics")
@Category("Overclock")
@Description("Cache figures of one memoized method since the previous window: hits, misses,"
    + " verifications, evictions, size")
@StackTrace(false)
@Period("1 s")
final class MemoStatisticsEvent extends Event {

  @Label("Method")
  @Description("class::method")
  String method;

  @Label("Descriptor")
  String descriptor;

  @Label("State")
  @Description("active, or unsafe once a verification found a different result")
  String state;

  @Label("Window")
  @Description("Length of the window these figures cover")
  @Timespan(Timespan.NANOSECONDS)
  long window;

  @Label("Hits")
  @Description("Calls answered from the cache in the window, waits included")
  long hits;

  @Label("Misses")
  @Description("Calls in the window that ran the method because no result was cached")
  long misses;

  @Label("Waits")
  @Description("Calls in the window that waited for another thread computing the same arguments")
  long waits;

  @Label("Verifications")
  @Description("Hits in the window that ran the method anyway to compare the results")
  long verifyChecks;

  @Label("Verification Failures")
  long verifyFailures;

  @Label("Hit Ratio")
  @Description("Share of the window's lookups that found a cached result")
  @Percentage
  double hitRatio;

  @Label("Evictions")
  @Description("Results evicted or expired in the window")
  long evictions;

  @Label("Size")
  @Description("Results cached at the end of the window")
  long size;

  @Label("Mean Miss")
  @Description("Mean duration of a miss since the method was memoized")
  @Timespan(Timespan.NANOSECONDS)
  long meanMiss;

  @Label("Saved")
  @Description("Estimated time the window's hits saved: hits times the mean miss")
  @Timespan(Timespan.NANOSECONDS)
  long saved;

  @Label("Total Hits")
  long totalHits;

  @Label("Total Misses")
  long totalMisses;
}
