package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.control.ControlProtocol;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry points of the agent jar: {@code premain} for {@code -javaagent}, {@code agentmain}
 * for attaching to a running JVM, and {@code main} for the command line.
 *
 * <p>This class must stay tiny and must never throw: anything escaping {@code premain} would stop
 * the application from starting. It decides first whether to start at all ({@link
 * StartupDecision}, which changes nothing in the JVM) and whether the start can wait until the
 * application's own start is over, or run beside it on a thread of its own ({@link
 * DeferredStart}); then puts the bootstrap bridge in
 * place, and only then touches any class that refers to it ({@link AgentStarter}), so that the
 * bridge is always loaded by the bootstrap loader and never a second time by the agent's loader.
 *
 * <p>{@code agentmain} cannot return anything to the command line that called it; it leaves its
 * outcome in the system property {@link ControlProtocol#RESULT_PROPERTY}, which the command line
 * reads through the same attach connection.
 */
public final class OverclockAgent {

  private OverclockAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    try {
      Config config = StartupDecision.decide(arguments, instrumentation);
      if (config == null) {
        return;
      }
      ClassLoader application = ClassLoader.getSystemClassLoader();
      if (DeferredStart.applies(config, application)) {
        DeferredStart.schedule(config, instrumentation, false); // once the application started
      } else if (DeferredStart.besideMain(config, application)) {
        // The bridge now, not on the start's thread: the application's classes may refer to it
        // (catch OffloadTimeoutException) and must find the bootstrap loader's, its only copy.
        if (BootstrapBridge.install(instrumentation)) {
          DeferredStart.schedule(config, instrumentation, true); // on its own thread, at once
        }
      } else if (BootstrapBridge.install(instrumentation)) {
        AgentStarter.start(config, instrumentation, AgentStarter.Moment.LAUNCH);
      }
    } catch (Throwable t) {
      System.err.println("[overclock] agent not started, the application runs without it: " + t);
    }
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    String outcome;
    try {
      System.setProperty(ControlProtocol.RESULT_PROPERTY, "off: the agent did not finish starting");
      DeferredStart.runPending(); // a -javaagent start still put off runs first
      outcome = attach(arguments, instrumentation);
    } catch (Throwable t) {
      System.err.println("[overclock] agent not started, the application runs without it: " + t);
      outcome = "off: " + t;
    }
    try {
      System.setProperty(ControlProtocol.RESULT_PROPERTY, ControlProtocol.clean(outcome));
    } catch (Throwable t) {
      // a security manager, or no memory left: the command line reports no outcome
    }
  }

  /** The command line: {@code java -jar overclock-agent.jar <command>}. */
  public static void main(String[] args) {
    System.exit(dev.overclock.cli.Cli.run(args, System.out, System.err));
  }

  private static String attach(String arguments, Instrumentation instrumentation)
      throws java.io.IOException {
    if (ControlProtocol.OPEN_CONTROL.equals(arguments)) {
      // Only an agent that runs has a channel to open; without one, the bridge may be missing,
      // and AgentStarter must not be touched before it is in place.
      return System.getProperty(ControlProtocol.AGENT_PROPERTY) == null
          ? "off: Overclock is not running in this JVM"
          : AgentStarter.openControl();
    }
    List<String> why = new ArrayList<>();
    Config config = StartupDecision.decide(arguments, instrumentation, why);
    if (config == null) {
      return "off: " + (why.isEmpty() ? "the agent stays off in this JVM" : String.join("; ", why));
    }
    // A first start (not new options for an agent that runs), before it changes anything.
    if (System.getProperty(ControlProtocol.AGENT_PROPERTY) == null) {
      String refusal = FullRecompile.refusal(config.attachFullRecompile());
      if (refusal != null) {
        return "off: " + refusal;
      }
    }
    if (!BootstrapBridge.install(instrumentation)) {
      return "off: the bridge to the bootstrap class loader could not be installed (this JVM's"
          + " standard error says why)";
    }
    String outcome = AgentStarter.attach(config, instrumentation);
    if (!outcome.startsWith("off:")) {
      FullRecompile.wentAhead();
    }
    return outcome;
  }
}
