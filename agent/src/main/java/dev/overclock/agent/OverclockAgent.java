package dev.overclock.agent;

import dev.overclock.config.Config;
import java.lang.instrument.Instrumentation;

/**
 * The entry points of the agent jar: {@code premain} for {@code -javaagent}, {@code agentmain}
 * for attaching to a running JVM, and {@code main} for the command line.
 *
 * <p>This class must stay tiny and must never throw: anything escaping {@code premain} would stop
 * the application from starting. It decides first whether to start at all ({@link
 * StartupDecision}, which changes nothing in the JVM), then puts the bootstrap bridge in place,
 * and only then touches any class that refers to it ({@link AgentStarter}), so that the bridge is
 * always loaded by the bootstrap loader and never a second time by the agent's loader.
 */
public final class OverclockAgent {

  private OverclockAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, "premain");
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, "attach");
  }

  /** The command line: {@code java -jar overclock-agent.jar <command>}. */
  public static void main(String[] args) {
    System.exit(dev.overclock.cli.Cli.run(args, System.out, System.err));
  }

  private static void start(String arguments, Instrumentation instrumentation, String mode) {
    try {
      Config config = StartupDecision.decide(arguments, instrumentation);
      if (config != null && BootstrapBridge.install(instrumentation)) {
        AgentStarter.start(config, instrumentation, mode);
      }
    } catch (Throwable t) {
      System.err.println("[overclock] agent not started, the application runs without it: " + t);
    }
  }
}
