package dev.overclock.config;

import java.util.List;

/**
 * The agent's configuration after parsing: one record per feature, each with only valid values; a
 * feature whose option was bad is already switched off there. Built once by {@link
 * ConfigParser}, immutable afterwards.
 *
 * @param enabled false when the user turned Overclock off, or an option made the whole agent off
 * @param timing what is timed, and CPU measurement
 * @param memo what is memoized, and how
 * @param offload what is offloaded, and its default limits
 * @param scope the packages instrumentation may touch
 * @param report the report files and the exit summary
 * @param jfr the JFR stream, Overclock's JFR events and automatic timing
 * @param prometheus the Prometheus endpoint's options, or {@code null} when it is off
 * @param verbose whether diagnostic lines are printed
 * @param settings every option that was set explicitly, with its origin, for the report
 * @param problems one line per bad option, already phrased for the user
 * @param overhead the overhead budget
 * @param attachFullRecompile whether an attach goes ahead where the JVM would throw away all its
 *     compiled code ({@code attach.fullrecompile}; see {@code dev.overclock.agent.FullRecompile})
 */
public record Config(
    boolean enabled,
    TimingOptions timing,
    MemoOptions memo,
    OffloadOptions offload,
    ScopeOptions scope,
    ReportOptions report,
    JfrOptions jfr,
    PrometheusOptions prometheus,
    boolean verbose,
    List<Setting> settings,
    List<String> problems,
    OverheadOptions overhead,
    boolean attachFullRecompile) {

  public Config {
    settings = List.copyOf(settings);
    problems = List.copyOf(problems);
  }
}
