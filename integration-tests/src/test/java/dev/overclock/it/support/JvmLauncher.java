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

  private final List<String> command = new ArrayList<>();
  private final Map<String, String> environment = new HashMap<>();
  private long timeoutSeconds = 120;
  private String name = "run";

  private JvmLauncher(Path executable) {
    command.add(executable.toString());
  }

  /** A {@code java} command of this JDK. */
  public static JvmLauncher java(Jdk jdk) {
    return new JvmLauncher(jdk.java());
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

  /** Runs the demo app in quick mode with the arguments given so far as JVM options. */
  public JvmLauncher demoQuick() {
    return args("-jar", DEMO_JAR.toString(), "--quick");
  }

  public JvmLauncher env(String key, String value) {
    environment.put(key, value);
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

  public RunResult run() {
    return start().finish();
  }

  /**
   * Starts the JVM and returns at once, for tests that watch it while it runs (poll its report);
   * {@link Started#finish} then waits the bounded time for it to end.
   */
  public Started start() {
    try {
      Files.createDirectories(WORK);
      Path workDir = Files.createTempDirectory(WORK, name + "-");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("OVERCLOCK_")
          || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
      builder.environment().putAll(environment);
      Process process = builder.start();
      process.getOutputStream().close();
      Gobbler out = new Gobbler(process.getInputStream());
      Gobbler err = new Gobbler(process.getErrorStream());
      out.start();
      err.start();
      return new Started(process, out, err, workDir, List.copyOf(command), timeoutSeconds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JVM that was started and may still run. */
  public static final class Started {
    private final Process process;
    private final Gobbler out;
    private final Gobbler err;
    private final Path workDir;
    private final List<String> command;
    private final long timeoutSeconds;

    private Started(Process process, Gobbler out, Gobbler err, Path workDir, List<String> command,
        long timeoutSeconds) {
      this.process = process;
      this.out = out;
      this.err = err;
      this.workDir = workDir;
      this.command = command;
      this.timeoutSeconds = timeoutSeconds;
    }

    /** Its working directory, where its report lands by default. */
    public Path workDir() {
      return workDir;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** Output so far, for assertion messages while it runs. */
    public String describe() {
      return "--- stdout ---\n" + out.text() + "\n--- stderr ---\n" + err.text();
    }

    /** Waits (bounded) for the JVM to end; kills it and fails when it overruns. */
    public RunResult finish() {
      try {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          out.join(5_000);
          err.join(5_000);
          throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command
              + "\n--- stdout ---\n" + out.text() + "\n--- stderr ---\n" + err.text());
        }
        out.join(10_000);
        err.join(10_000);
        return new RunResult(process.exitValue(), out.text(), err.text(), workDir);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** Kills it, if it still runs; for clean-up after a failed test. */
    public void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
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
