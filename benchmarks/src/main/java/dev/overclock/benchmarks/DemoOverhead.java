package dev.overclock.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent costs a whole application, measured in one run: the demo shop's throughput with
 * the agent in its default mode (timing of {@code @Timed} methods, automatic timing of hot
 * methods, the live JFR stream) against no agent, and the start-up time the agent adds to an
 * empty program (JVM start to the first line of {@code main}).
 *
 * <p>Runs are interleaved (without, with, with, without, ...) so that a machine whose speed
 * drifts during the measurement affects both sides alike; medians are reported. Every run with the
 * agent must print the same checksums as the runs without it, or the measurement stops.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.overclock.benchmarks.DemoOverhead \
 *     [--runs 7] [--orders 8000] [--startup-runs 15] [--java /path/to/java] \
 *     [--agent-options k=v,...]
 * </pre>
 *
 * The agent and demo jars are found next to this module in the source tree, or given with
 * {@code -Doverclock.agent.jar=...} and {@code -Doverclock.demo.jar=...}.
 */
public final class DemoOverhead {

  private static final Pattern ELAPSED = Pattern.compile("^elapsed (\\d+) ms$", Pattern.MULTILINE);
  private static final Pattern CHECKSUM =
      Pattern.compile("^checksum all (\\S+)$", Pattern.MULTILINE);

  private DemoOverhead() {}

  public static void main(String[] args) throws Exception {
    int runs = 7;
    int orders = 8_000;
    int startupRuns = 15;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String agentOptions = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--orders":
          orders = Integer.parseInt(args[++i]);
          break;
        case "--startup-runs":
          startupRuns = Integer.parseInt(args[++i]);
          break;
        case "--java":
          java = args[++i];
          break;
        case "--agent-options":
          agentOptions = args[++i];
          break;
        default:
          System.err.println("unknown argument " + args[i] + "; accepted: --runs N, --orders N,"
              + " --startup-runs N, --java PATH, --agent-options OPTIONS");
          System.exit(2);
      }
    }
    Path agent = jar("overclock.agent.jar", "agent/target/overclock-agent.jar");
    Path demo = jar("overclock.demo.jar", "demo-app/target/demo-app.jar");
    Path reports = Files.createTempDirectory("overclock-demo-overhead");
    String agentArgument = "-javaagent:" + agent + "=summary=false,report.dir=" + reports
        + (agentOptions.isEmpty() ? "" : "," + agentOptions);
    System.out.println("java " + java + "; agent " + agent + (agentOptions.isEmpty()
        ? " (default options)" : " with " + agentOptions));

    System.out.println();
    System.out.println("throughput: demo app, " + orders + " orders, " + runs + " runs each,"
        + " interleaved");
    long[] without = new long[runs];
    long[] with = new long[runs];
    String expected = null;
    for (int run = 0; run < runs; run++) {
      boolean agentFirst = run % 2 == 1;
      for (int side = 0; side < 2; side++) {
        boolean withAgent = (side == 0) == agentFirst;
        List<String> command = new ArrayList<>(List.of(java));
        if (withAgent) {
          command.add(agentArgument);
        }
        command.addAll(List.of("-jar", demo.toString(), "--orders", Integer.toString(orders),
            "--duration", "10m"));
        String out = runForOutput(command);
        String checksum = group(CHECKSUM, out, command);
        if (expected == null) {
          expected = checksum;
        } else if (!expected.equals(checksum)) {
          throw new IllegalStateException("checksum changed: " + checksum + " instead of "
              + expected + " (" + (withAgent ? "with" : "without") + " agent)");
        }
        long elapsed = Long.parseLong(group(ELAPSED, out, command));
        (withAgent ? with : without)[run] = elapsed;
        System.out.printf(Locale.ROOT, "  run %d %-7s %6d ms  %8.1f orders/s%n", run + 1,
            withAgent ? "agent" : "none", elapsed, orders * 1000.0 / elapsed);
      }
    }
    double medianWithout = median(without);
    double medianWith = median(with);
    System.out.printf(Locale.ROOT, "median: without agent %.0f ms (%.1f orders/s), with agent"
        + " %.0f ms (%.1f orders/s): %+.1f%% throughput%n", medianWithout,
        orders * 1000.0 / medianWithout, medianWith, orders * 1000.0 / medianWith,
        (medianWithout / medianWith - 1) * 100);

    System.out.println();
    System.out.println("start-up: JVM start to main of an empty program, " + startupRuns
        + " runs each, interleaved");
    Path self = Path.of(DemoOverhead.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    long[] plain = new long[startupRuns];
    long[] agentStart = new long[startupRuns];
    for (int run = 0; run < startupRuns; run++) {
      for (int side = 0; side < 2; side++) {
        boolean withAgent = (side == 0) == (run % 2 == 1);
        List<String> command = new ArrayList<>(List.of(java));
        if (withAgent) {
          command.add(agentArgument);
        }
        command.addAll(List.of("-cp", self.toString(), "benchtarget.Hello"));
        long launched = System.currentTimeMillis();
        String out = runForOutput(command);
        long mainStarted = Long.parseLong(out.lines().filter(line -> line.matches("\\d+"))
            .findFirst().orElseThrow(() -> new IllegalStateException("no time printed: " + out)));
        (withAgent ? agentStart : plain)[run] = mainStarted - launched;
      }
    }
    System.out.printf(Locale.ROOT, "median: without agent %.0f ms, with agent %.0f ms: %+.0f ms%n",
        median(plain), median(agentStart), median(agentStart) - median(plain));
    System.out.println("(all runs, without: " + Arrays.toString(plain) + ", with: "
        + Arrays.toString(agentStart) + ")");
  }

  private static String runForOutput(List<String> command)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed:\n"
          + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private static String group(Pattern pattern, String output, List<String> command) {
    Matcher matcher = pattern.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(
          command + ": no line matching " + pattern + " in:\n" + output);
    }
    return matcher.group(1);
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  /** The jar named by a system property, or found next to this module in the source tree. */
  private static Path jar(String property, String inSourceTree) throws URISyntaxException {
    String explicit = System.getProperty(property);
    if (explicit != null) {
      return Path.of(explicit).toAbsolutePath();
    }
    Path self = Path.of(DemoOverhead.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Path jar = self.getParent().getParent().getParent().resolve(inSourceTree).normalize();
    if (!Files.isRegularFile(jar)) {
      System.err.println("benchmarks: " + jar + " not found; build first (mvn -B -DskipTests"
          + " package) or pass -D" + property + "=<path>");
      System.exit(2);
    }
    return jar;
  }
}
