package dev.overclock.prometheus;

import dev.overclock.config.AddressRange;
import dev.overclock.config.Durations;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.log.AgentLog;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The opt-in HTTP endpoint a Prometheus server scrapes: {@code GET /metrics} on {@code
 * prometheus.host:prometheus.port}, served by Overclock's own small server ({@link
 * MetricsServer}) on one thread.
 *
 * <h2>Why it must be careful</h2>
 *
 * It runs inside someone else's JVM, so:
 *
 * <ul>
 *   <li><b>It never delays or stops the application.</b> Binding (which may resolve a host name)
 *       happens on the endpoint's own thread after {@code premain} returned. A port in use, a port
 *       not permitted, an unknown host, an unreadable token: one line on standard error, the
 *       endpoint stays off, the agent and the application carry on.
 *   <li><b>It never keeps the JVM alive.</b> Its one thread, {@code overclock-prometheus}, is a
 *       daemon.
 *   <li><b>It costs the application little, whoever connects.</b> Connections, request size and
 *       time are bounded ({@link Limits}); the scrape is built at most once a second ({@link
 *       ScrapeCache}), and costs about what one periodic report costs. Reads never consume the
 *       report's windows (see {@code TimingRecorders#read}).
 *   <li><b>It is local unless told otherwise.</b> It listens on loopback by default, and says so
 *       in a warning when told to listen beyond; a bearer token ({@code prometheus.token}) and an
 *       allow-list of client addresses ({@code prometheus.allow}) restrict who may scrape.
 *   <li><b>It shares nothing with the application</b>: no system property, no JDK server.
 * </ul>
 */
public final class PrometheusEndpoint {

  static final String THREAD_NAME = "overclock-prometheus";

  private final PrometheusOptions settings;
  private final Supplier<Scrape> source;
  private final Limits limits;
  private final UnaryOperator<String> environment;
  private final Thread thread;
  private final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
  private volatile MetricsHandler handler;
  private MetricsServer server; // guarded by this
  private boolean stopped; // guarded by this
  private volatile String state;
  private volatile String problem;

  private PrometheusEndpoint(PrometheusOptions settings, Supplier<Scrape> source, Limits limits,
      UnaryOperator<String> environment) {
    this.settings = settings;
    this.source = source;
    this.limits = limits;
    this.environment = environment;
    this.state = "starting on " + settings.host() + ":" + settings.port();
    this.thread = new Thread(this::bindAndServe, THREAD_NAME);
    thread.setDaemon(true);
  }

  /**
   * Starts the endpoint in the background and returns at once: the line saying where it listens,
   * or why it could not, comes from its own thread.
   *
   * @param source builds what one scrape exports; called on the endpoint's thread
   */
  public static PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source) {
    return start(settings, source, Limits.DEFAULT, System::getenv);
  }

  static PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source,
      Limits limits, UnaryOperator<String> environment) {
    PrometheusEndpoint endpoint = new PrometheusEndpoint(settings, source, limits, environment);
    endpoint.thread.start();
    return endpoint;
  }

  private void bindAndServe() {
    MetricsServer created;
    InetSocketAddress address;
    try {
      BearerToken token = settings.token() == null
          ? null
          : BearerToken.read(settings.token(), environment);
      MetricsHandler answers = new MetricsHandler(new ScrapeCache(source, settings.top(),
          settings.window(), limits.cacheInterval(), System::nanoTime), token);
      handler = answers;
      address = new InetSocketAddress(unbracketed(settings.host()), settings.port());
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("unknown host");
      }
      created = MetricsServer.bind(address, limits, allowed(settings.allow()), answers::handle);
    } catch (Exception | LinkageError e) {
      fail(e);
      return;
    }
    synchronized (this) {
      if (stopped) {
        created.discard();
        return;
      }
      server = created;
    }
    try {
      // The address asked for (a socket bound to 0.0.0.0 reports ::), with the port it got.
      InetSocketAddress actual =
          new InetSocketAddress(address.getAddress(), created.address().getPort());
      String url = url(actual);
      state = url + ", top " + settings.top() + " methods, quantiles over "
          + Durations.format(settings.window()) + access();
      AgentLog.info("Prometheus endpoint: " + url);
      if (!actual.getAddress().isLoopbackAddress()) {
        AgentLog.warn(exposure(actual));
      }
      bound.complete(actual);
    } catch (Exception e) {
      bound.completeExceptionally(e);
    }
    created.run();
  }

  private void fail(Throwable e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = "could not start the Prometheus endpoint on " + settings.host() + ":"
        + settings.port() + " (" + reason + "); it is off, the application is unaffected";
    problem = line;
    state = "off: " + reason;
    AgentLog.warn(line);
    bound.completeExceptionally(e);
  }

  /** ", bearer token required, clients 10.0.0.0/8 only", or nothing when anyone may scrape. */
  private String access() {
    return (settings.token() == null ? "" : ", bearer token required")
        + (settings.allow().isEmpty() ? "" : ", clients " + ranges() + " only");
  }

  /** The warning for an endpoint reachable from other machines: who can read it, and the fix. */
  private String exposure(InetSocketAddress address) {
    String where = "the Prometheus endpoint listens beyond loopback, on "
        + url(address).replace("/metrics", "");
    if (settings.token() == null && settings.allow().isEmpty()) {
      return where + ": every client that can reach it reads class and method names and their"
          + " timings; restrict it with prometheus.token and prometheus.allow, or a firewall";
    }
    if (settings.token() == null) {
      return where + ": clients at " + ranges() + " read class and method names and their"
          + " timings without a token; prometheus.token would require one";
    }
    return where + ": scrapes need the bearer token"
        + (settings.allow().isEmpty() ? " (prometheus.allow would also restrict the clients)"
            : ", from " + ranges() + " only");
  }

  private String ranges() {
    return String.join(";", settings.allow().stream().map(AddressRange::toString).toList());
  }

  private static Predicate<InetAddress> allowed(List<AddressRange> allow) {
    if (allow.isEmpty()) {
      return client -> true;
    }
    return client -> allow.stream().anyMatch(range -> range.contains(client));
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String url(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip instanceof Inet6Address
        ? "[" + ip.getHostAddress().replaceFirst("%.*", "") + "]"
        : ip.getHostAddress();
    return "http://" + host + ":" + address.getPort() + "/metrics";
  }

  /** The endpoint's state for the report: where it listens, that it is starting, or why it is off. */
  public String state() {
    return state;
  }

  /** The line printed when the endpoint could not start, or {@code null}. */
  public String problem() {
    return problem;
  }

  /** Completes with the address listened on once bound, or exceptionally if binding failed. */
  public CompletableFuture<InetSocketAddress> bound() {
    return bound;
  }

  /** Scrapes that failed inside the agent (answered with status 500). */
  public long failedScrapes() {
    MetricsHandler answers = handler;
    return answers == null ? 0 : answers.failures();
  }

  /** Connections open now; at most {@link Limits#connections}. */
  synchronized int openConnections() {
    return server == null ? 0 : server.openConnections();
  }

  /** Stops listening (the port is closed when this returns) and ends the thread; never throws. */
  public void stop() {
    MetricsServer running;
    synchronized (this) {
      stopped = true;
      state = "off: stopped";
      running = server;
      server = null;
    }
    if (running != null) {
      running.close();
    }
  }

  /**
   * Waits, at most about {@code millis}, for the endpoint's thread to end after {@link #stop}: a
   * detach leaves no agent thread behind. Never throws.
   */
  public void awaitStopped(long millis) {
    try {
      if (thread != Thread.currentThread()) {
        thread.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
