package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.time.Duration;
import java.util.List;

/**
 * The options of offloading. Only valid values; a bad option already turned offloading off.
 *
 * @param on whether offload advice is installed (false when one of its options, {@code include}
 *     or {@code exclude} was bad)
 * @param filters the {@code offload=} filters
 * @param timeout the default body timeout; {@link Duration#ZERO}: none
 * @param concurrency the default limit of bodies running at once per method; 0: none
 * @param queueTimeout the default wait for a free slot; {@code null}: no limit
 * @param threads the platform pool's size where the JDK has no virtual threads
 * @param executors whether thread pools the application creates are substituted ({@code
 *     offload.executors=virtual}; false when that option or its maximum was bad)
 * @param executorsMax the most tasks of one substituted pool at once; 0: no maximum
 * @param executorsOnEvidence {@code auto=optimize} without {@code offload.executors}: pools are
 *     substituted, and move to virtual threads only on evidence (their tasks wait, and tasks
 *     wait in their queue for a free thread); {@code executors} is then true as well
 */
public record OffloadOptions(
    boolean on,
    List<MethodFilter> filters,
    Duration timeout,
    int concurrency,
    Duration queueTimeout,
    int threads,
    boolean executors,
    int executorsMax,
    boolean executorsOnEvidence) {

  public OffloadOptions {
    filters = List.copyOf(filters);
  }

  static OffloadOptions from(OptionValues values) {
    // auto=optimize turns the pool substitution on, on evidence, unless offload.executors says
    boolean onEvidence = !values.given(Options.OFFLOAD_EXECUTORS)
        && values.givenAs(Options.AUTO, "optimize")
        && !values.anyBad(Options.OFFLOAD_EXECUTORS_MAX, Options.INCLUDE, Options.EXCLUDE);
    return new OffloadOptions(
        !values.anyBad(Options.OFFLOAD, Options.OFFLOAD_TIMEOUT, Options.OFFLOAD_CONCURRENCY,
            Options.OFFLOAD_QUEUE_TIMEOUT, Options.OFFLOAD_THREADS, Options.INCLUDE,
            Options.EXCLUDE),
        values.get(Options.OFFLOAD),
        values.get(Options.OFFLOAD_TIMEOUT),
        values.get(Options.OFFLOAD_CONCURRENCY),
        values.get(Options.OFFLOAD_QUEUE_TIMEOUT),
        values.get(Options.OFFLOAD_THREADS),
        onEvidence || values.get(Options.OFFLOAD_EXECUTORS)
            && !values.anyBad(Options.OFFLOAD_EXECUTORS, Options.OFFLOAD_EXECUTORS_MAX,
                Options.INCLUDE, Options.EXCLUDE),
        values.get(Options.OFFLOAD_EXECUTORS_MAX),
        onEvidence);
  }
}
