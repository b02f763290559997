package dev.overclock.agent;

import dev.overclock.config.Options;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether attaching would make the JVM throw away all of its compiled code, and the refusal that
 * says so unless the user accepts it ({@code attach.fullrecompile=true}).
 *
 * <p>Changing a class discards the compiled code that depends on it. HotSpot knows which code that
 * is only if it recorded those dependencies while compiling, which it does from the launch when
 * an agent that can redefine or retransform classes is loaded then (any {@code -javaagent} that
 * declares it, a debugger's {@code -agentlib:jdwp}), and from JDK 23 always
 * ({@code AlwaysRecordEvolDependencies}, JDK-8324241). Otherwise the first class changed while
 * the JVM runs marks every compiled method for deoptimisation ({@code VM_RedefineClasses::
 * flush_dependent_code}: "Marked all nmethods for deopt" in {@code -Xlog:redefine+class+nmethod=
 * debug}); from then on the JVM records them. Overclock's attach changes classes at once: on JDK
 * 17 the live stream's start alone does it (JFR retransforms the {@code java.io} and socket
 * classes it instruments when it is first used), and so would the first timed class.
 *
 * <p>What that costs, measured on this project's workloads (docs/performance.md, "Attach on JDK
 * 17"): the CPU-bound search workload at 0.12x its throughput over the 15 s after the attach
 * (against 0.71x for the same attach into a JVM that had an idle agent from its launch), back
 * to its speed after about 35 s. Hence a refusal by default, naming the two ways around it.
 */
final class FullRecompile {

  /** The first release whose HotSpot records the dependencies without an agent at launch. */
  static final int ALWAYS_RECORDED_FROM = 23;

  /**
   * Whether Overclock went ahead in this JVM before: its classes stay loaded after a detach, and
   * that start changed classes (or the JVM records dependencies anyway), so a later attach has
   * nothing left to throw away even where JFR never ran.
   */
  private static volatile boolean startedBefore;

  private FullRecompile() {}

  /**
   * Why this JVM must not be attached to, or {@code null}: it will not throw its compiled code
   * away, or the user accepted that it does.
   */
  static String refusal(boolean accepted) {
    if (accepted || startedBefore) {
      return null;
    }
    int feature = Runtime.version().feature();
    return discardsAll(feature, inputArguments(), jfrInitialized(), alwaysRecordFlag())
        ? message(feature)
        : null;
  }

  /** Called when an attach goes ahead: see {@link #startedBefore}. */
  static void wentAhead() {
    startedBefore = true;
  }

  /**
   * @param feature the JVM's feature release
   * @param inputArguments the JVM's launch options
   * @param jfrInitialized whether JFR already ran in this JVM (on JDK 17 its first use changes
   *     classes, so the discarding already happened)
   * @param alwaysRecord the value of {@code AlwaysRecordEvolDependencies}, or {@code null} where
   *     it cannot be read (absent before JDK 23, and locked unless unlocked)
   */
  static boolean discardsAll(int feature, List<String> inputArguments, boolean jfrInitialized,
      Boolean alwaysRecord) {
    boolean recordedAlways = alwaysRecord != null ? alwaysRecord : feature >= ALWAYS_RECORDED_FROM;
    return !recordedAlways && !jfrInitialized && !agentAtLaunch(inputArguments);
  }

  /**
   * Whether an agent was loaded at launch. A Java agent that declares neither
   * Can-Redefine-Classes nor Can-Retransform-Classes would not have the dependencies recorded;
   * nearly all do (every Byte Buddy or ASM agent that instruments loaded classes), so any agent
   * counts: a refusal here would only send the user to an option that does nothing for them.
   */
  static boolean agentAtLaunch(List<String> inputArguments) {
    for (String argument : inputArguments) {
      if (argument.startsWith("-javaagent:") || argument.startsWith("-agentlib:")
          || argument.startsWith("-agentpath:") || argument.startsWith("-Xrun")) {
        return true;
      }
    }
    return false;
  }

  static String message(int feature) {
    return "JDK " + feature + " would throw away all of this JVM's compiled code when Overclock"
        + " starts (before JDK " + ALWAYS_RECORDED_FROM + ", a JVM started without an agent"
        + " does so at the first class changed while it runs), and the application would run"
        + " slower until the JIT had compiled it again: a CPU-bound workload measured at 0.12x"
        + " its speed for 15 s, back to it after about 35 s. Attach anyway with "
        + Options.ATTACH_FULL_RECOMPILE.key() + "=true, or start the JVM with"
        + " -javaagent:overclock-agent.jar=enabled=false (idle until attached) to attach without"
        + " this (docs/attach.md)";
  }

  private static List<String> inputArguments() {
    try {
      return ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | Error e) {
      return List.of(); // no management module: assume no agent, the cautious answer
    }
  }

  private static boolean jfrInitialized() {
    try {
      return jdk.jfr.FlightRecorder.isInitialized();
    } catch (RuntimeException | LinkageError e) {
      return false; // no jdk.jfr module: the agent's stream cannot start either
    }
  }

  private static Boolean alwaysRecordFlag() {
    try {
      return Boolean.valueOf(ManagementFactory
          .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("AlwaysRecordEvolDependencies").getValue());
    } catch (RuntimeException | LinkageError e) {
      return null; // absent (before JDK 23), locked (an experimental flag), or not HotSpot
    }
  }
}
