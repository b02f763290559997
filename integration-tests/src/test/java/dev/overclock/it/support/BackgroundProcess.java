package dev.overclock.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process that runs while the test talks to it (an application with an HTTP endpoint, a
 * Prometheus server): its output is read line by line as it comes, so a test can wait, bounded,
 * for a line that says the process is ready, without sleeping. Closing it kills the process and
 * its children if they still run; tests use it in try-with-resources so nothing outlives them.
 */
public final class BackgroundProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path workDir;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final Thread[] readers = new Thread[2];
  private int openStreams = 2;

  BackgroundProcess(String name, ProcessBuilder builder, Path workDir) {
    this.name = name;
    this.workDir = workDir;
    try {
      this.process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + builder.command(), e);
    }
    readers[0] = reader(process.getInputStream(), stdout, name + "-stdout");
    readers[1] = reader(process.getErrorStream(), stderr, name + "-stderr");
  }

  private Thread reader(InputStream in, List<String> lines, String threadName) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lock.lock();
          try {
            lines.add(line);
            changed.signalAll();
          } finally {
            lock.unlock();
          }
        }
      } catch (IOException e) {
        // the process ended
      } finally {
        lock.lock();
        try {
          openStreams--;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
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

  /** The lines of standard output printed so far, in order (a copy). */
  public List<String> lines() {
    lock.lock();
    try {
      return List.copyOf(stdout);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a line of standard output or error matches, and returns its match. Fails with
   * everything the process printed if the time runs out or the process ends first.
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) {
    return awaitLines(pattern, 1, timeout);
  }

  /** Waits until {@code count} lines match, and returns the match of the last of them. */
  public Matcher awaitLines(Pattern pattern, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        int found = 0;
        for (List<String> lines : List.of(stdout, stderr)) {
          for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find() && ++found == count) {
              return matcher;
            }
          }
        }
        long left = deadline - System.nanoTime();
        if (openStreams == 0 || left <= 0) {
          throw new AssertionError((openStreams == 0 ? name + " ended" : "timed out after "
              + timeout.toSeconds() + " s") + " before printing " + count + " line(s) matching "
              + pattern + "\n" + describeLocked());
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the process to end (SIGTERM: a JVM runs its shutdown hooks), waits a bounded time, and
   * returns what it left; kills it if it does not end in time.
   */
  public RunResult stop(Duration timeout) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new AssertionError(name + " did not stop within " + timeout.toSeconds() + " s\n"
            + describe());
      }
      for (Thread reader : readers) {
        reader.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    lock.lock();
    try {
      return new RunResult(process.exitValue(), String.join("\n", stdout) + "\n",
          String.join("\n", stderr) + "\n", workDir);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits a bounded time for the process to end by itself and returns what it left; kills it and
   * fails with its output when it overruns.
   */
  public RunResult awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new AssertionError(name + " did not end within " + timeout.toSeconds() + " s\n"
            + describe());
      }
      for (Thread reader : readers) {
        reader.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    lock.lock();
    try {
      return new RunResult(process.exitValue(), String.join("\n", stdout) + "\n",
          String.join("\n", stderr) + "\n", workDir);
    } finally {
      lock.unlock();
    }
  }

  /** Everything printed so far, for assertion messages. */
  public String describe() {
    lock.lock();
    try {
      return describeLocked();
    } finally {
      lock.unlock();
    }
  }

  private String describeLocked() {
    return "--- " + name + " stdout ---\n" + String.join("\n", stdout)
        + "\n--- " + name + " stderr ---\n" + String.join("\n", stderr);
  }

  /** Kills the process and its children if they still run; waits a bounded time for the end. */
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
}
