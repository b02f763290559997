package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.util.List;

/**
 * The options of timing: which methods besides {@code @Timed} ones, and CPU measurement. Only
 * valid values; a bad option already turned its feature off.
 *
 * @param on whether timing advice is installed (false when {@code timed}, {@code include} or
 *     {@code exclude} was bad)
 * @param filters the {@code timed=} filters
 * @param cpu whether CPU time and allocation are sampled ({@code cpu})
 * @param cpuEvery one call in this many (per thread and method) is CPU-sampled
 * @param exact every call of every method is clocked ({@code timing.exact})
 * @param sampleEvery a sampled method clocks one call in this many ({@code timing.sample.every})
 */
public record TimingOptions(
    boolean on, List<MethodFilter> filters, boolean cpu, int cpuEvery, boolean exact,
    int sampleEvery) {

  public TimingOptions {
    filters = List.copyOf(filters);
  }

  static TimingOptions from(OptionValues values) {
    return new TimingOptions(
        !values.anyBad(Options.TIMED, Options.INCLUDE, Options.EXCLUDE),
        values.get(Options.TIMED),
        values.on(Options.CPU) && !values.bad(Options.CPU_EVERY),
        values.get(Options.CPU_EVERY),
        values.on(Options.TIMING_EXACT) || values.bad(Options.TIMING_SAMPLE_EVERY),
        values.get(Options.TIMING_SAMPLE_EVERY));
  }

}
