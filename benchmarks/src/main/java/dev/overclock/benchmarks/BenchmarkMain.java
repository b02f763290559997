package dev.overclock.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs JMH with the Overclock agent in every forked benchmark JVM (without hot-method detection
 * and the JFR stream; see below). Arguments are JMH's own
 * ({@code -h} lists them); the agent jar is {@code -Dbenchmarks.agent.jar=<path>} or, by default,
 * {@code agent/target/overclock-agent.jar} next to this module in the source tree.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar                  # everything
 * java -jar benchmarks/target/benchmarks.jar TimingOverhead   # one family
 * </pre>
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Path agent = agentJar();
    if (!Files.isRegularFile(agent)) {
      System.err.println("benchmarks: agent jar not found at " + agent
          + "; build it first (mvn -B -DskipTests package) or pass -Dbenchmarks.agent.jar=<path>");
      System.exit(2);
    }
    Path reports = Files.createTempDirectory("overclock-bench-report");
    List<String> jmhArgs = new ArrayList<>(List.of(args));
    jmhArgs.add("-jvmArgsAppend");
    // auto=off, jfr=false: these benchmarks measure advice (timing, memoization, offload) on
    // methods they name. In the default mode the agent would find JMH's own measurement loop hot
    // and time it, or time a benchmark's method (fib) for a few windows until its cost guard
    // takes it out again, changing the score under measurement; the JFR stream's sampling and
    // parsing compete for the two cores. DemoOverhead measures the default mode as a whole.
    // report.interval=1s: a report reads the recorders, which is when a short method is switched
    // to sampled timing (TimingOverhead.sampledByAgent); one method's report a second costs
    // microseconds.
    jmhArgs.add("-javaagent:" + agent + "=summary=false,report.interval=1s,auto=off,jfr=false"
        + ",report.dir=" + reports);
    org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
  }

  private static Path agentJar() throws URISyntaxException, IOException {
    // Not overclock.*: JMH's forks inherit this JVM's -D options, and the agent reads every
    // overclock.<key> system property as an option: an unknown one turns it off, and every
    // benchmark would then measure no agent at all.
    String explicit = System.getProperty("benchmarks.agent.jar");
    if (explicit != null) {
      return Path.of(explicit).toAbsolutePath();
    }
    Path self = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // benchmarks/target/benchmarks.jar -> agent/target/overclock-agent.jar
    return self.getParent().getParent().getParent()
        .resolve("agent/target/overclock-agent.jar").normalize();
  }
}
