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
 * @param startWait the longest the stream's start waits for the application's start to end (its
 *     class loading calm, its main thread idle), when no class needs advice as it loads ({@code
 *     jfr.startwait}); zero: no wait
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
    int autoMax,
    Duration startWait) {

  /** The defaults, as stated in {@link Options}. */
  public static final JfrOptions DEFAULTS =
      new JfrOptions(
          Options.JFR.defaultTyped(),
          Options.JFR_SAMPLE_INTERVAL.defaultTyped(),
          Options.JFR_THRESHOLD.defaultTyped(),
          Options.JFR_SLOW_THRESHOLD.defaultTyped(),
          Options.AUTO.defaultTyped(),
          Options.AUTO_WINDOW.defaultTyped(),
          Options.AUTO_MIN_SHARE.defaultTyped(),
          Options.AUTO_TOP.defaultTyped(),
          Options.AUTO_MAX.defaultTyped(),
          Options.JFR_START_WAIT.defaultTyped());

  /**
   * A bad option turns off its feature: the stream, slow-invocation events, or auto-timing; a bad
   * {@code jfr.startwait} leaves the default.
   */
  static JfrOptions from(OptionValues values) {
    return new JfrOptions(
        values.on(Options.JFR)
            && !values.anyBad(Options.JFR_SAMPLE_INTERVAL, Options.JFR_THRESHOLD),
        values.get(Options.JFR_SAMPLE_INTERVAL),
        values.get(Options.JFR_THRESHOLD),
        values.bad(Options.JFR_SLOW_THRESHOLD)
            ? Duration.ZERO
            : values.get(Options.JFR_SLOW_THRESHOLD),
        values.on(Options.AUTO)
            && !values.anyBad(Options.AUTO_WINDOW, Options.AUTO_MIN_SHARE, Options.AUTO_TOP,
                Options.AUTO_MAX),
        values.get(Options.AUTO_WINDOW),
        values.get(Options.AUTO_MIN_SHARE),
        values.get(Options.AUTO_TOP),
        values.get(Options.AUTO_MAX),
        values.get(Options.JFR_START_WAIT)); // a bad value: one line, and the default
  }
}
