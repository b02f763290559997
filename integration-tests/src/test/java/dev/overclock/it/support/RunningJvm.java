package dev.overclock.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM that keeps running while a test talks to it: started like {@link JvmLauncher} does (fresh
 * working directory, no inherited agent variables), fed commands on standard input, its output
 * read line by line as it comes. {@link #close} kills it (and anything it started); tests call it
 * in {@code @AfterEach}.
 */
public final class RunningJvm implements AutoCloseable {

  private static final Path WORK = Path.of(System.getProperty("overclock.it.work")).toAbsolutePath();

  private final Process process;
  private final Writer stdin;
  private final Lines stdout;
  private final Lines stderr;
  private final Path workDir;
  private final String description;

  private RunningJvm(Process process, Path workDir, String description) {
    this.process = process;
    this.workDir = workDir;
    this.description = description;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.stdout = new Lines(process.getInputStream());
    this.stderr = new Lines(process.getErrorStream());
    stdout.start();
    stderr.start();
  }

  /**
   * Starts {@code java <arguments>} of the JDK, in a fresh directory named after {@code name},
   * with the suite's JIT ({@link JvmLauncher#java}).
   */
  public static RunningJvm start(Jdk jdk, String name, List<String> arguments) {
    return start(jdk, name, arguments, false);
  }

  /**
   * As {@link #start(Jdk, String, List)}; {@code fullJit}: the JDK's default JIT tiers, for a test
   * whose subject is what the agent decides from what it measures.
   */
  public static RunningJvm start(Jdk jdk, String name, List<String> arguments, boolean fullJit) {
    List<String> command = new ArrayList<>();
    command.add(jdk.java().toString());
    command.addAll(JvmLauncher.jitOptions(fullJit));
    command.addAll(arguments);
    try {
      Files.createDirectories(WORK);
      Path workDir = Files.createTempDirectory(WORK, name.replaceAll("[^A-Za-z0-9._-]", "_") + "-");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("OVERCLOCK_")
          || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
      return new RunningJvm(builder.start(), workDir, String.join(" ", command));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public Path workDir() {
    return workDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends one line to the JVM's standard input. */
  public void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot write to " + description + "\n" + describe(), e);
    }
  }

  /** Waits for the first line of standard output (after {@code from}) that matches. */
  public int awaitLine(int from, Predicate<String> matches, long timeoutSeconds) {
    return stdout.await(from, matches, timeoutSeconds, this);
  }

  /** Waits for the first line of standard error that matches; returns it. */
  public String awaitStderrLine(Predicate<String> matches, long timeoutSeconds) {
    int index = stderr.await(0, matches, timeoutSeconds, this);
    return stderr.range(index, index + 1).get(0);
  }

  /**
   * Sends a command of {@code AttachTarget} and returns its answer: the lines it printed up to
   * {@code end <command>}.
   */
  public List<String> command(String command, long timeoutSeconds) {
    int from = stdout.size();
    send(command);
    int end = awaitLine(from, line -> line.equals("end " + command), timeoutSeconds);
    return stdout.range(from, end);
  }

  /** Waits for the JVM to exit; returns its exit code. */
  public int awaitExit(long timeoutSeconds) {
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError("still running after " + timeoutSeconds + " s\n" + describe());
      }
      stdout.join(5_000);
      stderr.join(5_000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public List<String> stdoutLines() {
    return stdout.range(0, stdout.size());
  }

  public String stderr() {
    return String.join("\n", stderr.range(0, stderr.size()));
  }

  /** Everything so far, for assertion messages. */
  public String describe() {
    return description + "\n--- stdout ---\n" + String.join("\n", stdoutLines())
        + "\n--- stderr ---\n" + stderr();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The lines of one output stream, read on their own thread; waiters are woken per line. */
  private static final class Lines extends Thread {
    private final InputStream in;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    Lines(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    synchronized int size() {
      return lines.size();
    }

    synchronized List<String> range(int from, int to) {
      return List.copyOf(lines.subList(from, to));
    }

    synchronized int await(int from, Predicate<String> matches, long timeoutSeconds, RunningJvm jvm) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      int next = from;
      while (true) {
        for (; next < lines.size(); next++) {
          if (matches.test(lines.get(next))) {
            return next;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ended || left <= 0) {
          throw new AssertionError((ended ? "output ended" : "timed out after " + timeoutSeconds
              + " s") + " before the expected line\n" + jvm.describe());
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }
}
