package dev.overclock.config;

import java.time.Duration;
import java.util.List;

/**
 * Where and what the Prometheus endpoint serves, and to whom.
 *
 * @param host the address to listen on, as given (resolved when the endpoint starts: resolving a
 *     name can block, so it happens on the endpoint's own thread)
 * @param port the port; 0 for any free one
 * @param top how many methods are exported, by total time
 * @param window the period the latency quantiles cover
 * @param token where the bearer token scrapes must carry is read from, or {@code null}: none
 * @param allow the client addresses that may connect; empty: every client
 */
public record PrometheusOptions(String host, int port, int top, Duration window,
    SecretReference token, List<AddressRange> allow) {

  public PrometheusOptions {
    allow = List.copyOf(allow);
  }

  /** Options without a token or an allow-list. */
  public PrometheusOptions(String host, int port, int top, Duration window) {
    this(host, port, top, window, null, List.of());
  }

  /** The endpoint's options, or null when {@code prometheus.port} is unset or an option is bad. */
  static PrometheusOptions from(OptionValues values) {
    Integer port = values.get(Options.PROMETHEUS_PORT);
    if (port == null || values.anyBad(Options.PROMETHEUS_PORT, Options.PROMETHEUS_HOST,
        Options.PROMETHEUS_TOP, Options.PROMETHEUS_WINDOW, Options.PROMETHEUS_TOKEN,
        Options.PROMETHEUS_ALLOW)) {
      return null;
    }
    return new PrometheusOptions(values.get(Options.PROMETHEUS_HOST), port,
        values.get(Options.PROMETHEUS_TOP), values.get(Options.PROMETHEUS_WINDOW),
        values.get(Options.PROMETHEUS_TOKEN), values.get(Options.PROMETHEUS_ALLOW));
  }
}
