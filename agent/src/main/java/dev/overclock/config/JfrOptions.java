package dev.overclock.config;

import java.time.Duration;

/**
 * The options of the JFR part: the live stream, Overclock's own JFR events, and the timing of hot
 * methods found by sampling. Only valid values; a bad option already turned its feature off.
 *
 * @param stream whether the in-process JFR stream runs ({@code jfr}); without it there is no JVM
 *     section, no JFR evidence, no hot-method detection and no Overclock JFR events
 * @param sampleInterval how often JFR samples running threads ({@code jfr.sampleInterval})
 * @param threshold the shortest blocking event recorded ({@code jfr.threshold})
 * @param slowThreshold calls at least this long become slow-invocation events; zero for none
 * @param auto whether hot methods are timed automatically ({@code auto=timing})
 * @param autoWindow how often hot methods are looked for ({@code auto.window})
 * @param autoMinShare the share of a window's samples that makes a method hot, 0..1
 * @param autoTop at most this many methods added per window
 * @param autoMax at most this many methods added in one run
 */
public record JfrOptions(
    boolean stream,
    Duration sampleInterval,
    Duration threshold,
    Duration slowThreshold,
    boolean auto,
    Duration autoWindow,
    double autoMinShare,
    int autoTop,
    int autoMax) {

  /** The defaults, as documented in {@link Options}. */
  public static final JfrOptions DEFAULTS =
      new JfrOptions(
          true,
          Duration.ofMillis(20),
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          true,
          Duration.ofSeconds(5),
          0.02,
          20,
          50);
}
