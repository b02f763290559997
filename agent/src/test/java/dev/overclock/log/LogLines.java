package dev.overclock.log;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test support: collects the agent's lines while open (they are not printed then), so that a
 * test in any package can check what a user would read, and what never appears.
 */
public final class LogLines implements AutoCloseable {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private LogLines() {
    AgentLog.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  public static LogLines capture() {
    return new LogLines();
  }

  /** The lines so far, with their {@code [overclock] } prefix. */
  public List<String> lines() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Override
  public void close() {
    AgentLog.redirect(System.err);
  }
}
