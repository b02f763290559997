package dev.overclock.it.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.PrometheusServer;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures of the JFR stream and of memoization on the Prometheus endpoint of a running demo:
 * the JVM's GC pauses, allocation and CPU, the count of automatically timed methods, and the
 * memoized method's cache, in names that pass {@code promtool check metrics}.
 */
@Execution(ExecutionMode.CONCURRENT)
class JfrPrometheusIT {

  private static final Pattern ENDPOINT =
      Pattern.compile("^\\[overclock\\] Prometheus endpoint: http://(127\\.0\\.0\\.1:\\d+)/metrics$");
  private static final String QUOTE = "class=\"com.acme.shop.PricingEngine\",method=\"quote\"";

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void scrape_holdsTheJvmFiguresOfTheJfrStream_andTheMemoCaches_andPassesPromtool(Jdk jdk)
      throws IOException {
    Path promtool = PrometheusServer.requirePromtool();
    try (BackgroundProcess demo = JvmLauncher.java(jdk).agent("prometheus.port=0")
        .demoFor("60s").named("jfr-prometheus-" + jdk.feature()).start()) {
      String target = demo.awaitLine(ENDPOINT, Duration.ofSeconds(60)).group(1);

      // The stream starts beside the application and reports its first events within seconds;
      // on a loaded machine its figures need not all come in the same flush, so the test waits
      // for the scrape that holds every one of them and, when none does, names the missing ones.
      List<Pattern> figures = List.of(
          Pattern.compile("(?m)^overclock_jvm_cpu_ratio\\{kind=\"process\"} [0-9.eE-]+$"),
          Pattern.compile("(?m)^overclock_jvm_cpu_ratio\\{kind=\"machine\"} [0-9.eE-]+$"),
          Pattern.compile("(?m)^overclock_jvm_gc_pause_seconds_count \\d+$"),
          Pattern.compile("(?m)^overclock_jvm_allocated_bytes_total [1-9]\\d*$"),
          Pattern.compile("(?m)^overclock_auto_instrumented_methods \\d+$"),
          Pattern.compile("(?m)^overclock_memo_hits_total\\{" + Pattern.quote(QUOTE)
              + "} \\d+$"),
          Pattern.compile("(?m)^overclock_memo_misses_total\\{" + Pattern.quote(QUOTE)
              + "} [1-9]\\d*$"),
          Pattern.compile("(?m)^overclock_memo_entries\\{" + Pattern.quote(QUOTE) + "} \\d+$"),
          Pattern.compile("(?m)^overclock_memo_evictions_total\\{" + Pattern.quote(QUOTE)
              + "} \\d+$"));
      AtomicReference<String> last = new AtomicReference<>();
      String body = Await.until(Duration.ofSeconds(60),
          "a scrape with the JFR stream's and memoization's figures",
          () -> {
            String scraped = scrape(target);
            last.set(scraped);
            return scraped != null && missing(figures, scraped).isEmpty() ? scraped : null;
          },
          () -> (last.get() == null ? "no scrape answered"
              : "missing from the last scrape: " + missing(figures, last.get()) + "\n"
                  + last.get()) + "\n" + demo.describe());

      Path file = JvmLauncher.newWorkDir("jfr-promtool").resolve("metrics.txt");
      Files.writeString(file, body);
      RunResult lint = JvmLauncher.program(promtool).args("check", "metrics").input(file)
          .named("jfr-promtool").timeoutSeconds(60).run();
      assertThat(lint.exitCode()).as(lint.describe() + "\n" + body).isZero();
      assertThat(lint.stdout() + lint.stderr()).as(lint.describe() + "\n" + body).isBlank();
    }
  }

  /** The patterns no line of {@code body} matches. */
  private static List<String> missing(List<Pattern> figures, String body) {
    return figures.stream().filter(figure -> !figure.matcher(body).find())
        .map(Pattern::pattern).toList();
  }

  /** The text exposition, or {@code null} when this scrape failed (the test looks again). */
  private String scrape(String target) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
          .header("Accept", "text/plain;version=0.0.4").timeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
