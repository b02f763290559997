package dev.overclock.prometheus;

import java.time.Duration;

/**
 * What one endpoint may cost the application, whoever connects to it: the server holds at most
 * {@code connections} open connections (the kernel queues a few more, {@code backlog}), reads at
 * most {@code headBytes} of a request, gives each connection {@code timeout} from accept to the
 * last byte of its response, and builds the scrape at most once per {@code cacheInterval}.
 */
record Limits(int connections, int backlog, int headBytes, Duration timeout,
    Duration cacheInterval) {

  /** Prometheus sends a request of a few hundred bytes at once and times out after 10 s. */
  static final Limits DEFAULT = new Limits(16, 16, 8192, Duration.ofSeconds(10),
      Duration.ofSeconds(1));

  /** After its response, how long a connection may still send before it is closed. */
  static final Duration LINGER = Duration.ofSeconds(1);
}
