package dev.overclock.agent;

import dev.overclock.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the agent's background code, and the JDK's JFR parser it reads with, on the JIT's first
 * tier ({@code overhead.firsttier}): one compiler directive, {@code c2: {Exclude: true}} for {@link
 * #PATTERNS}, added when the live stream starts and taken out when it stops.
 *
 * <p>Why: on a machine with few cores the JIT has one C2 thread, and in the application's first
 * half minute its queue is full. The agent's stream handlers, its detection and report code and
 * the JDK's JFR parser (the live stream reads a thousand events a second on a server whose
 * threads wait) became hot there and took about 2.7 s of C2 time in a 40-second run of the http
 * workload (one run with a {@code jdk.Compilation} recording), so the application's own methods
 * waited in the queue longer and ran slower code for longer. Excluded from C2, the same methods
 * are compiled once by C1 at its full optimisation without profiling (tier 1): a little more CPU
 * on the agent's threads, and the C2 thread free for the application. Measured on the http
 * workload, 24 interleaved pairs against the same jar without it: the JIT's CPU in the
 * benchmark's window x0.82 (lower in 22), the CPU per operation x0.89; throughput +0.8% (median),
 * within the machine's noise (docs/performance.md).
 *
 * <p>The patterns name only code that runs on the agent's own threads: the timing, memoization
 * and offload advice (other packages) stays in C2, where it is inlined into the application's
 * methods. HdrHistogram (shaded) is in it because timing records into the agent's own stripes and
 * only the background drain and report fill HdrHistograms: after the first method was timed,
 * C2 compiled HdrHistogram's packed arrays for 0.3 s in the cpu workload's measured window (one
 * run). Its few calls on application threads (an offloaded call's latency, one pool task in
 * {@code PoolStats#SAMPLE_EVERY}) then call C1 code, tens of nanoseconds against calls that
 * block. Measured on the cpu workload, 16 interleaved pairs against the same jar without it: the
 * JIT's CPU in the window x0.82 (lower in 12), p99 x0.945 (lower in 12), throughput +7% (median,
 * within the machine's noise; docs/performance.md). The JDK's JFR consumer packages are in it too: an application that reads JFR events
 * itself reads them with C1 code while the agent runs ({@code overhead.firsttier=false} if that
 * matters more).
 *
 * <p>The directive is added through the JVM's own diagnostic command ({@code
 * Compiler.directives_add}, as {@code jcmd} would; see {@link DiagnosticCall}), from a file
 * written to the temporary directory and deleted at once. Where that is not possible (a JDK
 * without the command or the bean, a JVM whose JIT is not HotSpot's), one debug line and nothing
 * else: the agent runs as before.
 */
final class AgentCodeJit {

  /** The methods kept off C2: the agent's background packages and the JDK's JFR parser. */
  static final List<String> PATTERNS = List.of(
      "dev/overclock/jvm/*.*",
      "dev/overclock/jfr/*.*",
      "dev/overclock/report/*.*",
      "dev/overclock/shaded/hdrhistogram/*.*",
      "jdk/jfr/internal/consumer/*.*",
      "jdk/jfr/consumer/*.*");

  private static final String ADDED = " compiler directives added";

  // Whether this agent's directive is on the JVM's directive stack now.
  private static boolean added;
  // DiagnosticCall.run, once defined in its own loader (see loadDiagnosticCall).
  private static Method diagnosticCall;

  private AgentCodeJit() {}

  /** The directive, in the JSON-like format of {@code -XX:CompilerDirectivesFile}. */
  static String directive() {
    StringBuilder match = new StringBuilder();
    for (String pattern : PATTERNS) {
      match.append(match.length() == 0 ? "" : ", ").append('"').append(pattern).append('"');
    }
    return "[{match: [" + match + "], c2: {Exclude: true}}]";
  }

  /**
   * Adds the directive, once; says why not when it cannot (the empty result: added, or added
   * already).
   */
  static synchronized Optional<String> add(Instrumentation instrumentation) {
    if (added) {
      return Optional.empty();
    }
    Path file = null;
    try {
      file = Files.createTempFile("overclock-jit", ".json");
      Files.writeString(file, directive(), StandardCharsets.UTF_8);
      String answer = call(instrumentation, "Compiler.directives_add " + file);
      if (answer == null || !answer.strip().endsWith(ADDED.strip())
          || answer.strip().startsWith("0 ")) {
        return Optional.of("the JVM answered: " + (answer == null ? "nothing" : answer.strip()));
      }
      added = true;
      return Optional.empty();
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.of(e.toString());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          AgentLog.debug("could not delete " + file + ": " + e);
        }
      }
    }
  }

  /**
   * Takes the directive out again, if this agent added it and it is still the newest on the
   * stack ({@code Compiler.directives_remove} takes out the newest, whoever added it); a
   * directive added after it by someone else is left alone, and ours with it.
   */
  static synchronized Optional<String> remove(Instrumentation instrumentation) {
    if (!added) {
      return Optional.empty();
    }
    try {
      String stack = call(instrumentation, "Compiler.directives_print");
      if (!isNewest(stack)) {
        return Optional.of("another compiler directive was added after it; both stay");
      }
      call(instrumentation, "Compiler.directives_remove");
      added = false;
      return Optional.empty();
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.of(e.toString());
    }
  }

  /** Test seam: the directive is no longer on the stack (a test cleared it). */
  static synchronized void forget() {
    added = false;
  }

  /** Whether the newest directive of a {@code Compiler.directives_print} answer is this one. */
  static boolean isNewest(String stack) {
    if (stack == null) {
      return false;
    }
    for (String line : stack.lines().toList()) {
      String text = line.strip();
      if (text.startsWith("matching:")) {
        // the JVM lists a directive's patterns in an order of its own, comma-separated
        Set<String> patterns = new java.util.HashSet<>();
        for (String pattern : text.substring("matching:".length()).split(",")) {
          patterns.add(pattern.strip());
        }
        return patterns.equals(Set.copyOf(PATTERNS));
      }
    }
    return false;
  }

  /** Runs one diagnostic command through {@link DiagnosticCall}, loaded on its own. */
  static synchronized String call(Instrumentation instrumentation, String command)
      throws IOException, ReflectiveOperationException {
    if (diagnosticCall == null) {
      diagnosticCall = loadDiagnosticCall(instrumentation);
    }
    return (String) diagnosticCall.invoke(null, command);
  }

  /**
   * Defines {@link DiagnosticCall} in a class loader of its own and opens the JDK's package to
   * that loader's module alone; once per agent (add, then print and remove at the stream's stop).
   */
  private static Method loadDiagnosticCall(Instrumentation instrumentation)
      throws IOException, ReflectiveOperationException {
    Module management = ModuleLayer.boot().findModule("jdk.management")
        .orElseThrow(() -> new IOException("this JDK has no jdk.management module"));
    String name = DiagnosticCall.class.getName();
    byte[] bytes;
    try (InputStream in = AgentCodeJit.class.getResourceAsStream(
        "/" + name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IOException(name + " missing from the agent jar");
      }
      bytes = in.readAllBytes();
    }
    PrivateClassLoader loader = new PrivateClassLoader("overclock-diagnostic-call");
    Class<?> caller = loader.define(name, bytes);
    instrumentation.redefineModule(management, Set.of(), Map.of(),
        Map.of("com.sun.management.internal", Set.of(loader.getUnnamedModule())), Set.of(),
        Map.of());
    return caller.getMethod("run", String.class);
  }
}
