package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The agent's configuration after parsing: only valid values; a feature whose option was bad is
 * already switched off here. Built once by {@link ConfigParser}, immutable afterwards.
 *
 * @param enabled false when the user turned Overclock off, or an option made the whole agent off
 * @param timing whether timing advice is installed (false when a selection option was bad)
 * @param timed the {@code timed=} filters
 * @param memoization whether memoization advice is installed (false when its options were bad)
 * @param memoize the {@code memoize=} filters
 * @param memoizeUnsafe return types never memoized: binary class names, and packages as {@code
 *     com.acme.*}
 * @param memoizeOverrides per-method memoization options
 * @param offloading whether offload advice is installed (false when its options were bad)
 * @param offload the {@code offload=} filters
 * @param offloadTimeout the default body timeout; {@link Duration#ZERO}: none
 * @param offloadConcurrency the default limit of bodies running at once per method; 0: none
 * @param offloadQueueTimeout the default wait for a free slot; {@code null}: no limit
 * @param offloadThreads the platform pool's size where the JDK has no virtual threads
 * @param include package names; non-empty means only these packages are instrumented
 * @param exclude package names never instrumented
 * @param reportDir where report files go, or {@code null} when no report is written
 * @param reportInterval how often the report is rewritten; {@link Duration#ZERO} means at exit only
 * @param summary whether the exit summary is printed
 * @param summaryTop how many methods the exit summary lists
 * @param cpu whether CPU time and allocation are sampled
 * @param cpuEvery one call in this many (per thread and method) is CPU-sampled
 * @param prometheus the Prometheus endpoint's settings, or {@code null} when it is off
 * @param verbose whether diagnostic lines are printed
 * @param settings every option that was set explicitly, with its origin, for the report
 * @param problems one line per bad option, already phrased for the user
 * @param jfr the JFR stream, Overclock's JFR events and automatic timing
 * @param memoizeShowValues whether a failed memoization check shows values (opt-in; secrets)
 */
public record Config(
    boolean enabled,
    boolean timing,
    List<MethodFilter> timed,
    boolean memoization,
    List<MethodFilter> memoize,
    List<String> memoizeUnsafe,
    List<MemoizeOverride> memoizeOverrides,
    boolean offloading,
    List<MethodFilter> offload,
    Duration offloadTimeout,
    int offloadConcurrency,
    Duration offloadQueueTimeout,
    int offloadThreads,
    List<String> include,
    List<String> exclude,
    Path reportDir,
    Duration reportInterval,
    boolean summary,
    int summaryTop,
    boolean cpu,
    int cpuEvery,
    Prometheus prometheus,
    boolean verbose,
    List<Setting> settings,
    List<String> problems,
    JfrOptions jfr,
    boolean memoizeShowValues) {

  public Config {
    timed = List.copyOf(timed);
    memoize = List.copyOf(memoize);
    memoizeUnsafe = List.copyOf(memoizeUnsafe);
    memoizeOverrides = List.copyOf(memoizeOverrides);
    offload = List.copyOf(offload);
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    settings = List.copyOf(settings);
    problems = List.copyOf(problems);
  }

  /**
   * Where and what the Prometheus endpoint serves.
   *
   * @param host the address to listen on, as given (resolved when the endpoint starts)
   * @param port the port; 0 for any free one
   * @param top how many methods are exported, by total time
   * @param window the period the latency quantiles cover
   */
  public record Prometheus(String host, int port, int top, Duration window) {}
}
