package dev.overclock.config;

import java.time.Duration;

/**
 * Where and what the Prometheus endpoint serves.
 *
 * @param host the address to listen on, as given (resolved when the endpoint starts: resolving a
 *     name can block, so it happens on the endpoint's own thread)
 * @param port the port; 0 for any free one
 * @param top how many methods are exported, by total time
 * @param window the period the latency quantiles cover
 */
public record PrometheusOptions(String host, int port, int top, Duration window) {

  /** The endpoint's options, or null when {@code prometheus.port} is unset or an option is bad. */
  static PrometheusOptions from(OptionValues values) {
    Integer port = values.get(Options.PROMETHEUS_PORT);
    if (port == null || values.anyBad(Options.PROMETHEUS_PORT, Options.PROMETHEUS_HOST,
        Options.PROMETHEUS_TOP, Options.PROMETHEUS_WINDOW)) {
      return null;
    }
    return new PrometheusOptions(values.get(Options.PROMETHEUS_HOST), port,
        values.get(Options.PROMETHEUS_TOP), values.get(Options.PROMETHEUS_WINDOW));
  }
}
