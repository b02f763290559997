package dev.overclock.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a JVM the way a user would, waits a bounded time for it to end, and returns what it
 * left. Each run gets a fresh working directory under {@code target/it-work}, so reports never
 * mix. A JVM that overruns its time is killed and the test fails with its output.
 */
public final class JvmLauncher {

  public static final Path AGENT_JAR = Path.of(require("overclock.agent.jar")).toAbsolutePath();
  public static final Path DEMO_JAR = Path.of(require("overclock.demo.jar")).toAbsolutePath();
  public static final Path TEST_CLASSES = Path.of(require("overclock.it.classes")).toAbsolutePath();
  private static final Path WORK = Path.of(require("overclock.it.work")).toAbsolutePath();

  /**
   * The test JVMs' JIT ({@code -Dit.jit}, passed on by the build as {@code overclock.it.jit}):
   * {@code quick}, the default, stops every {@code java} this class starts at the JIT's first
   * tier (C1, {@code -XX:TieredStopAtLevel=1}) unless its test asks for the {@link #fullJit}; {@code
   * full} gives every JVM the JDK's default tiers. Why: most test JVMs live seconds, and in such a
   * JVM with the agent C2 takes about half the CPU, compiling JFR's start and the agent's code (a
   * program sleeping 3 s: 1.9 s of CPU under the agent, 1.0 s with C1 alone; the demo's quick run
   * 4.4 s against 3.1 s); the suite is CPU-bound on two cores. The top tier changes how fast code
   * runs, never what it computes, so a test of behaviour means the same on either. The tests whose
   * subject is the JIT, a measured cost, or a decision the agent takes from what it measures ask
   * for the full JIT, and {@code -Dit.jit=full} runs the whole suite the way production runs.
   */
  private static final boolean QUICK_JIT =
      !"full".equals(System.getProperty("overclock.it.jit", "quick"));
  private static final String QUICK_JIT_FLAG = "-XX:TieredStopAtLevel=1";

  /**
   * The JVM options that give a JVM of a test the suite's JIT (see {@link #QUICK_JIT}): none when
   * the test asks for the full JIT or the suite runs with it.
   */
  static List<String> jitOptions(boolean fullJit) {
    return QUICK_JIT && !fullJit ? List.of(QUICK_JIT_FLAG) : List.of();
  }

  private final List<String> command = new ArrayList<>();
  private final Map<String, String> environment = new HashMap<>();
  /** Whether this launcher starts a {@code java} of a JDK, whose JIT the suite sets. */
  private boolean javaCommand;
  private boolean fullJit;
  private Path input;
  /** Generous: a run only ever waits this long when it fails (or the machine is crawling). */
  private long timeoutSeconds = 300;
  private String name = "run";

  private JvmLauncher(Path executable) {
    command.add(executable.toString());
  }

  /**
   * A {@code java} command of this JDK; its JVM stops at the JIT's first tier unless the test
   * asks for the {@link #fullJit} (or the suite runs with {@code -Dit.jit=full}).
   */
  public static JvmLauncher java(Jdk jdk) {
    JvmLauncher launcher = new JvmLauncher(jdk.java());
    launcher.javaCommand = true;
    return launcher;
  }

  /**
   * The JDK's default JIT tiers for this JVM, C2 included: for a test whose subject is the JIT, a
   * measured cost, or what the agent decides from what it measures.
   */
  public JvmLauncher fullJit() {
    fullJit = true;
    return this;
  }

  /** Any program of this JDK's {@code bin} ({@code jps}, {@code jcmd}, ...). */
  public static JvmLauncher tool(Jdk jdk, String tool) {
    return new JvmLauncher(jdk.tool(tool));
  }

  /** Any other program, such as a browser. */
  public static JvmLauncher program(Path executable) {
    return new JvmLauncher(executable);
  }

  /** Adds {@code -javaagent:<packaged jar>[=options]}. */
  public JvmLauncher agent(String options) {
    command.add("-javaagent:" + AGENT_JAR + (options == null || options.isEmpty() ? "" : "=" + options));
    return this;
  }

  public JvmLauncher args(String... args) {
    command.addAll(List.of(args));
    return this;
  }

  /**
   * Runs the demo app with the arguments given so far as JVM options, taking orders until
   * {@code duration} has passed (or the test stops it).
   */
  public JvmLauncher demoFor(String duration) {
    return args("-jar", DEMO_JAR.toString(), "--orders", "100000000", "--duration", duration);
  }

  /**
   * The demo's arguments for its quick workload, always run to the end: {@code --quick} alone
   * stops at the demo's 20 s cap, which a loaded machine (or tests running side by side) can
   * reach, and a run cut short computes other checksums than the baseline it is compared with.
   */
  public static final String[] DEMO_QUICK = {"--quick", "--duration", "10m"};

  /**
   * Runs the demo app on {@code orders} orders, always to the end (the same 10-minute cap as
   * {@link #DEMO_QUICK}): for a test that needs a run longer than the quick one, whose
   * checksums it then compares with a run of the same orders without the agent.
   */
  public JvmLauncher demoOrders(int orders) {
    return args("-jar", DEMO_JAR.toString(), "--orders", Integer.toString(orders),
        "--duration", "10m");
  }

  /** Runs the demo app in quick mode with the arguments given so far as JVM options. */
  public JvmLauncher demoQuick() {
    return args("-jar", DEMO_JAR.toString()).args(DEMO_QUICK);
  }

  public JvmLauncher env(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** Feeds this file to the program's standard input (else it gets none). */
  public JvmLauncher input(Path file) {
    this.input = file;
    return this;
  }

  public JvmLauncher named(String runName) {
    this.name = runName.replaceAll("[^A-Za-z0-9._-]", "_");
    return this;
  }

  public JvmLauncher timeoutSeconds(long seconds) {
    this.timeoutSeconds = seconds;
    return this;
  }

  /**
   * Starts the command and returns while it runs, for a test that talks to it; the caller closes
   * the returned process (try-with-resources), which kills it if it still runs.
   */
  public BackgroundProcess start() {
    Path workDir = workDir();
    return new BackgroundProcess(name, builder(workDir), workDir);
  }

  private Path workDir() {
    return newWorkDir(name);
  }

  /** A fresh directory under {@code target/it-work}, for files a test hands to a program. */
  public static Path newWorkDir(String name) {
    try {
      Files.createDirectories(WORK);
      return Files.createTempDirectory(WORK, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command as started: the JIT flag first, before the test's own JVM options. */
  private List<String> commandLine() {
    if (!javaCommand) {
      return command;
    }
    List<String> line = new ArrayList<>(command);
    line.addAll(1, jitOptions(fullJit));
    return line;
  }

  private ProcessBuilder builder(Path workDir) {
    ProcessBuilder builder = new ProcessBuilder(commandLine()).directory(workDir.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("OVERCLOCK_")
        || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
    builder.environment().putAll(environment);
    if (input != null) {
      builder.redirectInput(input.toFile());
    }
    return builder;
  }

  public RunResult run() {
    try {
      Path workDir = workDir();
      Process process = builder(workDir).start();
      process.getOutputStream().close();
      Gobbler out = new Gobbler(process.getInputStream());
      Gobbler err = new Gobbler(process.getErrorStream());
      out.start();
      err.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        out.join(5_000);
        err.join(5_000);
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + commandLine()
            + "\n--- stdout ---\n" + out.text() + "\n--- stderr ---\n" + err.text());
      }
      out.join(10_000);
      err.join(10_000);
      return new RunResult(process.exitValue(), out.text(), err.text(), workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String require(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set; run through"
          + " Maven (mvn verify), which passes it");
    }
    return value;
  }

  /** Drains one output stream on its own thread so the child never blocks on a full pipe. */
  private static final class Gobbler extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Gobbler(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        in.transferTo(buffer);
      } catch (IOException e) {
        // process ended
      }
    }

    synchronized String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }
}
