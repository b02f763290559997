package dev.overclock.prometheus;

import com.sun.net.httpserver.HttpServer;
import dev.overclock.config.Durations;
import dev.overclock.config.PrometheusOptions;
import dev.overclock.log.AgentLog;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The opt-in HTTP endpoint a Prometheus server scrapes: {@code GET /metrics} on {@code
 * prometheus.host:prometheus.port}, served by the JDK's own {@code com.sun.net.httpserver}.
 *
 * <h2>Why it must be careful</h2>
 *
 * It runs inside someone else's JVM, so:
 *
 * <ul>
 *   <li><b>It never delays or stops the application.</b> Binding (which may resolve a host name)
 *       happens on the endpoint's own thread after {@code premain} returned. A port in use, a port
 *       not permitted, an unknown host: one line on standard error, the endpoint stays off, the
 *       agent and the application carry on.
 *   <li><b>It never keeps the JVM alive.</b> The JDK's server starts its dispatcher and timer
 *       threads as children of the thread that starts it, and a child inherits its parent's daemon
 *       status: started from {@code premain}'s (non-daemon) main thread, the dispatcher would keep
 *       the application from exiting. So the server is created and started on the endpoint's
 *       daemon thread, in a thread group of its own, and the JDK's threads found in that group
 *       are renamed {@code overclock-prometheus-*}, like every agent thread.
 *   <li><b>It costs the application little.</b> Scrapes are served one at a time on one thread
 *       (a second scraper waits), and one scrape costs about what one periodic report costs. Reads
 *       never consume the report's windows (see {@code TimingRecorders#read}).
 *   <li><b>It is local unless told otherwise.</b> It listens on loopback by default.
 * </ul>
 */
public final class PrometheusEndpoint {

  static final String THREAD_NAME = "overclock-prometheus";

  private final PrometheusOptions settings;
  private final MetricsHandler handler;
  private final ThreadGroup group = new ThreadGroup(THREAD_NAME);
  private final ExecutorService thread;
  private final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
  private HttpServer server; // guarded by this
  private boolean stopped; // guarded by this
  private volatile String state;
  private volatile String problem;

  private PrometheusEndpoint(PrometheusOptions settings, Supplier<Scrape> source) {
    this.settings = settings;
    this.handler = new MetricsHandler(source, settings.top(), settings.window());
    this.state = "starting on " + settings.host() + ":" + settings.port();
    // A plain ThreadPoolExecutor whose factory holds the group, not this endpoint: on JDK 17,
    // Executors.newSingleThreadExecutor wraps it in a finalizable executor, which would keep the
    // endpoint (and through its source the whole agent) alive after a detach until the
    // finalizer thread got to it.
    ThreadGroup threads = group;
    this.thread = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread created = new Thread(threads, task, THREAD_NAME);
          created.setDaemon(true);
          return created;
        });
  }

  /**
   * Starts the endpoint in the background and returns at once: the line saying where it listens,
   * or why it could not, comes from its own thread.
   *
   * @param source builds what one scrape exports; called on the endpoint's thread
   */
  public static PrometheusEndpoint start(PrometheusOptions settings, Supplier<Scrape> source) {
    PrometheusEndpoint endpoint = new PrometheusEndpoint(settings, source);
    endpoint.thread.execute(endpoint::bind);
    return endpoint;
  }

  private void bind() {
    try {
      InetSocketAddress address = new InetSocketAddress(unbracketed(settings.host()), settings.port());
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("unknown host");
      }
      HttpServer created = HttpServer.create(address, 0);
      created.createContext("/", handler);
      created.setExecutor(thread);
      synchronized (this) {
        if (stopped) {
          created.stop(0);
          return;
        }
        created.start();
        server = created;
      }
      renameJdkThreads();
      InetSocketAddress actual = created.getAddress();
      String url = url(actual);
      state = url + ", top " + settings.top() + " methods, quantiles over "
          + Durations.format(settings.window());
      AgentLog.info("Prometheus endpoint: " + url);
      bound.complete(actual);
    } catch (Exception | LinkageError e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      String line = "could not start the Prometheus endpoint on " + settings.host() + ":"
          + settings.port() + " (" + reason + "); it is off, the application is unaffected";
      problem = line;
      state = "off: " + reason;
      AgentLog.warn(line);
      bound.completeExceptionally(e);
      thread.shutdown();
    }
  }

  /**
   * Gives the JDK server's threads (dispatcher, idle timer) the agent's thread-name prefix. Only
   * cosmetic, so it never fails the start: the server already runs.
   */
  private void renameJdkThreads() {
    try {
      Thread[] threads = new Thread[group.activeCount() + 8];
      int count = group.enumerate(threads, /* recurse= */ false);
      for (int i = 0; i < count; i++) {
        if (!threads[i].getName().startsWith(THREAD_NAME)) {
          threads[i].setName(THREAD_NAME + "-" + threads[i].getName());
        }
      }
    } catch (RuntimeException e) {
      AgentLog.debug("could not rename the Prometheus endpoint's threads: " + e);
    }
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
    return handler.failures();
  }

  /** Stops listening and ends the endpoint's threads; never throws. */
  public synchronized void stop() {
    stopped = true;
    state = "off: stopped";
    try {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    } catch (RuntimeException e) {
      // already stopped
    }
    thread.shutdownNow();
  }

  /**
   * Waits, at most about {@code millis}, for the endpoint's threads (its own and the JDK server's)
   * to end after {@link #stop}: a detach leaves no agent thread behind. Never throws.
   */
  public void awaitStopped(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      thread.awaitTermination(millis, TimeUnit.MILLISECONDS);
      Thread[] threads = new Thread[group.activeCount() + 8];
      int count = group.enumerate(threads, /* recurse= */ false);
      for (int i = 0; i < count; i++) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0 && threads[i] != Thread.currentThread()) {
          threads[i].join(left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // nothing more to wait for
    }
  }
}
