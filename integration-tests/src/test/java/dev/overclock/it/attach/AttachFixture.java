package dev.overclock.it.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import dev.overclock.it.support.RunningJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the attach tests share: starting {@code fixtureapp.attach.AttachTarget} (the demo shop on
 * command) and running the agent jar's command line as a user would, in its own JVM.
 */
final class AttachFixture {

  static final String TARGET = "fixtureapp.attach.AttachTarget";

  /**
   * For the first attach to a target started without an agent: on JDK 17 to 22 the JVM throws
   * away all its compiled code then, and attach refuses unless told to go ahead (what
   * {@link FullRecompileIT} tests). The tests here are about what attach does once it goes ahead.
   */
  static final String ACCEPT_FULL_RECOMPILE = "attach.fullrecompile=true";

  private final List<RunningJvm> started = new ArrayList<>();

  /** Starts a target and waits until it reads commands. Killed by {@link #close}. */
  RunningJvm target(Jdk jdk, String name, String... jvmOptions) {
    return target(jdk, name, false, jvmOptions);
  }

  /**
   * A target with the JDK's default JIT tiers (see {@link JvmLauncher#fullJit}): for a test of
   * what the attached agent decides from what it measures.
   */
  RunningJvm targetWithFullJit(Jdk jdk, String name, String... jvmOptions) {
    return target(jdk, name, true, jvmOptions);
  }

  private RunningJvm target(Jdk jdk, String name, boolean fullJit, String... jvmOptions) {
    List<String> command = new ArrayList<>(List.of(jvmOptions));
    // The demo's stock server wants TCP_NODELAY (JDK 17 reads sun.net.httpserver.* once, when
    // the first HttpServer starts; without it every stock lookup waits 40 ms for a delayed ACK).
    // The agent's Prometheus endpoint no longer starts an HttpServer, so the demo sets it itself;
    // kept on the command line so that the attach tests run as they were measured.
    command.add("-Dsun.net.httpserver.nodelay=true");
    command.add("-cp");
    command.add(JvmLauncher.TEST_CLASSES + java.io.File.pathSeparator + JvmLauncher.DEMO_JAR);
    command.add(TARGET);
    return started(RunningJvm.start(jdk, name, command, fullJit));
  }

  /** Starts a target that halts at the first attach request. */
  RunningJvm exitOnAttach(Jdk jdk) {
    return started(RunningJvm.start(jdk, "exit-on-attach", List.of("-cp",
        JvmLauncher.TEST_CLASSES.toString(), TARGET, "exit-on-attach")));
  }

  private RunningJvm started(RunningJvm jvm) {
    started.add(jvm);
    jvm.awaitLine(0, line -> line.startsWith("ready "), 60);
    return jvm;
  }

  /** Runs {@code java -jar overclock-agent.jar <args>} with the JDK, 200 columns wide. */
  static RunResult cli(Jdk jdk, String... args) {
    return JvmLauncher.java(jdk).args("-jar", JvmLauncher.AGENT_JAR.toString()).args(args)
        .env("COLUMNS", "200").named("cli-" + args[0]).timeoutSeconds(300).run();
  }

  /** The demo's output lines of a {@code run} command, parsed like a demo run. */
  static RunResult demoRun(RunningJvm target) {
    List<String> lines = target.command("run", 180);
    RunResult run = new RunResult(0, String.join("\n", lines) + "\n", "", target.workDir());
    assertThat(run.checksums()).as(target.describe()).containsKey("all");
    return run;
  }

  /**
   * {@code probe advice-calls N memo-calls M}: N + M, the calls that reached the bridge from
   * timing and memoization advice, or -1 for {@code probe no-bridge}.
   */
  static long probe(RunningJvm target) {
    long[] calls = probeCalls(target);
    return calls == null ? -1 : calls[0] + calls[1];
  }

  /** {@code probe}: {@code [timed calls, memoized calls]}, or {@code null} without a bridge. */
  static long[] probeCalls(RunningJvm target) {
    String line = target.command("probe", 180).get(0);
    if (line.equals("probe no-bridge")) {
      return null;
    }
    Matcher matcher = Pattern.compile("probe advice-calls (\\d+) memo-calls (\\d+)").matcher(line);
    assertThat(matcher.matches()).as(line).isTrue();
    return new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))};
  }

  /** The target's threads named {@code overclock*}, and its total: {@code [total, overclock]}. */
  static int[] threads(RunningJvm target) {
    String line = target.command("threads", 30).get(0);
    Matcher matcher = Pattern.compile("threads total (\\d+) overclock (\\d+) .*").matcher(line);
    assertThat(matcher.matches()).as(line).isTrue();
    if (!matcher.group(2).equals("0")) {
      System.out.println("target " + target.pid() + ": " + line); // which threads, when it fails
    }
    return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))};
  }

  /** Kills every JVM this fixture started. */
  void close() {
    started.forEach(RunningJvm::close);
    started.clear();
  }
}
