package dev.overclock.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection to a JVM through the JDK's attach mechanism ({@code com.sun.tools.attach}),
 * which only connects processes of the same user.
 *
 * <h2>Every failure is one line</h2>
 *
 * The attach API reports its failures as exceptions whose messages are written for JDK
 * developers ("Premature EOF", "No such process"). Each operation here runs on a helper thread
 * while this thread watches the target: if the target exits meanwhile, the user learns that at
 * once (instead of after the API's own ten-second timeout); every other failure is translated by
 * {@link #explain} into what happened and what to do.
 */
final class AttachConnection implements AutoCloseable {

  private static final long POLL_MILLIS = 100;
  private static final long ATTACH_SECONDS = 30;
  private static final long LOAD_SECONDS = 300;

  private final long pid;
  private final VirtualMachine vm;

  private AttachConnection(long pid, VirtualMachine vm) {
    this.pid = pid;
    this.vm = vm;
  }

  /** Attaches to the JVM (after the checks that need no attach: it exists, it is this user's). */
  static AttachConnection open(long pid) throws CliException {
    requireAttachApi();
    if (!JvmProcess.isAlive(pid)) {
      throw CliException.failed("no process with pid " + pid);
    }
    if (pid == ProcessHandle.current().pid()) {
      throw CliException.usage("pid " + pid + " is this command itself");
    }
    String otherUser = JvmProcess.otherUser(
        pid, JvmProcess.user(pid).orElse(null), JvmProcess.currentUser());
    if (otherUser != null) {
      throw CliException.failed(otherUser);
    }
    if (!JvmProcess.catchesSigquit(pid).orElse(true)) {
      throw CliException.failed("pid " + pid + " is not a JVM that accepts attach ("
          + JvmProcess.name(pid) + " does not handle SIGQUIT, the signal that starts a JVM's"
          + " attach listener)");
    }
    VirtualMachine vm = watch(pid, "attach", ATTACH_SECONDS,
        () -> VirtualMachine.attach(Long.toString(pid)));
    return new AttachConnection(pid, vm);
  }

  /** Fails with one line when this JVM has no attach API (a JRE, or a jlinked runtime). */
  static void requireAttachApi() throws CliException {
    if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
      throw CliException.failed("the attach commands need a JDK, and module jdk.attach is missing"
          + " from " + System.getProperty("java.home") + "; run them with a JDK's java");
    }
  }

  long pid() {
    return pid;
  }

  Properties systemProperties() throws CliException {
    return watch(pid, "attach", ATTACH_SECONDS, vm::getSystemProperties);
  }

  Properties agentProperties() throws CliException {
    return watch(pid, "attach", ATTACH_SECONDS, vm::getAgentProperties);
  }

  /**
   * Loads the agent into the JVM, which calls its {@code agentmain}: through an {@link AttachJar},
   * so that the agent jar's {@code Boot-Class-Path} stays out of a running JVM; where the JVM
   * cannot read that (a temporary folder of its own: a service with a private {@code /tmp}), the
   * agent jar itself, whose bootstrap class path makes the JVM print its class-data-sharing
   * warning but starts the same agent.
   */
  void loadAgent(Path agentJar, String arguments) throws CliException {
    watch(pid, "attach", LOAD_SECONDS, () -> {
      Path attachJar = null;
      try {
        attachJar = AttachJar.write(agentJar);
      } catch (IOException | RuntimeException e) {
        // no temporary folder to write in: the agent jar itself, below
      }
      if (attachJar != null) {
        try {
          vm.loadAgent(attachJar.toString(), arguments);
          return null;
        } catch (AgentLoadException unreadable) {
          // the JVM found no agent there (it reads another /tmp): the agent jar itself, below
        } finally {
          AttachJar.delete(attachJar);
        }
      }
      vm.loadAgent(agentJar.toString(), arguments);
      return null;
    });
  }

  @Override
  public void close() {
    try {
      vm.detach();
    } catch (IOException | RuntimeException e) {
      // the connection is gone either way
    }
  }

  /** Runs one attach operation, watching that the target stays alive while it runs. */
  private static <T> T watch(long pid, String operation, long timeoutSeconds, Callable<T> work)
      throws CliException {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "overclock-attach");
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      while (true) {
        try {
          return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (!JvmProcess.isAlive(pid)) {
            throw CliException.failed("pid " + pid + " exited during " + operation);
          }
          if (System.nanoTime() - deadline > 0) {
            task.cancel(true);
            throw CliException.failed("pid " + pid + " did not answer the " + operation
                + " within " + timeoutSeconds + " s");
          }
        }
      }
    } catch (ExecutionException e) {
      throw CliException.failed(explain(pid, operation, e.getCause(), JvmProcess.isAlive(pid)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  /** One line for a failure of the attach API. */
  static String explain(long pid, String operation, Throwable failure, boolean alive) {
    if (!alive) {
      return "pid " + pid + " exited during " + operation;
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("Dynamic agent loading is not enabled")
        || message.contains("EnableDynamicAgentLoading")) {
      return dynamicAgentsRefused(pid);
    }
    if (failure instanceof AttachNotSupportedException) {
      if (message.contains("does not support the attach mechanism")) {
        return "pid " + pid + " does not accept attach: it was started with"
            + " -XX:+DisableAttachMechanism; restart it without that flag, or start Overclock"
            + " with -javaagent";
      }
      if (message.contains("doesn't respond") || message.contains("Unable to open socket")) {
        return "pid " + pid + " did not answer the attach request: it is not a HotSpot JVM, is"
            + " still starting, or was started with -XX:+DisableAttachMechanism or -Xrs";
      }
      return "cannot attach to pid " + pid + ": " + message;
    }
    if (message.contains("Permission denied") || message.contains("Operation not permitted")
        || message.contains("should be owned by")) {
      return "pid " + pid + " refused the attach: it runs as another user ("
          + JvmProcess.user(pid).orElse("unknown") + "); run this as that user";
    }
    if (failure instanceof AgentInitializationException) {
      return "the agent failed to start in pid " + pid + " (its standard error says why)";
    }
    if (failure instanceof AgentLoadException) {
      return "pid " + pid + " could not load the agent: " + message;
    }
    return "cannot " + operation + " to pid " + pid + ": " + failure;
  }

  /** The JEP 451 refusal, naming the flag that allows dynamic agents. */
  static String dynamicAgentsRefused(long pid) {
    java.util.Properties flags = new java.util.Properties();
    flags.setProperty("sun.jvm.args", DynamicAgents.DISABLE);
    return DynamicAgents.refusal(pid, flags);
  }
}
