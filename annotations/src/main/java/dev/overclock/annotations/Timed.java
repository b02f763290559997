package dev.overclock.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the Overclock agent to time every call of the annotated method into a latency histogram.
 *
 * <p>Without the agent this annotation does nothing: the method runs exactly as written. With
 * {@code -javaagent:overclock-agent.jar} (or after {@code overclock attach}) each call is timed
 * with two {@link System#nanoTime()} reads and recorded per method: calls, errors, p50/p90/p99/
 * p99.9, max and total time, written to {@code overclock-report/report.json} and {@code
 * report.html}. Exceptions pass through unchanged and are counted as errors.
 *
 * <p>On a type, every concrete method declared by that type is timed (not constructors, not
 * inherited methods). Abstract, native, synthetic and bridge methods are never instrumented.
 *
 * <p>A method whose calls are short next to the cost of timing them (a mean under about 2 µs)
 * is switched to sampled timing after its first thousand calls: every call is still counted,
 * but the clock is read on one call in N per thread ({@code timing.sample.every}, 64 by
 * default), and the percentiles come from those. {@code exact = true} keeps every call timed.
 *
 * <p>Retention is {@link RetentionPolicy#RUNTIME} because the agent reads it from the class file
 * when the class loads; the annotation costs nothing at run time by itself.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timed {

  /**
   * Time every call, never one in N: for a method whose every latency matters more than the
   * cost of measuring it. On a type, applies to each of its methods.
   */
  boolean exact() default false;
}
