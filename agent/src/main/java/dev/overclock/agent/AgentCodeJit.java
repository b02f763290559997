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
 * tier ({@code overhead.firsttier}): a compiler directive, {@code c2: {Exclude: true}} for {@link
 * #PATTERNS}, and one that keeps C2 from inlining the parser into its caller ({@link #CALLERS}),
 * both added when the live stream starts and taken out when it stops.
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
 * <p>A second directive keeps that first-tier code from coming back through a caller: C2 still
 * compiles the JDK's {@code jdk.jfr.internal.LongMap} (its loops are hot on the stream's thread),
 * and with the consumer packages off C2 as compile roots, C2 inlined their constant-pool
 * resolution into {@code LongMap.forEachKey} instead: two compiles of 0.3-0.75 s each with
 * 6.7-7.1 KB of bytecode inlined, inside the workloads' measured window (JDK 17: jdbc, http and
 * cpu, one {@code LogCompilation} run each; on JDK 25 they inline 1.2 KB in 0.03 s). Not
 * inlined there, the same compiles take milliseconds and the loop calls the consumer code as
 * every other caller does. Measured on the jdbc workload, 12 interleaved pairs against the same
 * jar without it: the JIT's CPU in the window x0.78 (lower in 11), CPU per operation x0.96, p99
 * x0.97, throughput +2.6%, all resolved; http and cpu within their noise (docs/performance.md).
 * (Keeping {@code LongMap} off C2 altogether was tried: it raised the jdbc workload's p50.)
 *
 * <p>The directives are added through the JVM's own diagnostic command ({@code
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

  /** The JDK's JFR code that calls into the consumer packages, kept on C2 without them inlined. */
  static final List<String> CALLERS = List.of("jdk/jfr/internal/LongMap.*");

  /** What {@link #CALLERS} may not inline: the consumer packages of {@link #PATTERNS}. */
  static final List<String> NOT_INLINED = List.of(
      "jdk/jfr/internal/consumer/*.*",
      "jdk/jfr/consumer/*.*");

  /** How many directives {@link #directive()} holds (the JVM answers with the count). */
  private static final int DIRECTIVES = 2;

  private static final String ADDED = " compiler directives added";

  // Whether this agent's directives are on the JVM's directive stack now.
  private static boolean added;
  // DiagnosticCall.run, once defined in its own loader (see loadDiagnosticCall).
  private static Method diagnosticCall;

  private AgentCodeJit() {}

  /**
   * The directives, in the JSON-like format of {@code -XX:CompilerDirectivesFile}: the JVM
   * matches a method against them in this order (and lists them so).
   */
  static String directive() {
    return "[{match: " + list(PATTERNS, "") + ", c2: {Exclude: true}},"
        + " {match: " + list(CALLERS, "") + ", c2: {inline: " + list(NOT_INLINED, "-") + "}}]";
  }

  private static String list(List<String> patterns, String prefix) {
    StringBuilder list = new StringBuilder();
    for (String pattern : patterns) {
      list.append(list.length() == 0 ? "" : ", ").append('"').append(prefix).append(pattern)
          .append('"');
    }
    return "[" + list + "]";
  }

  /**
   * Adds the directives, once; says why not when it cannot (the empty result: added, or added
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
      if (answer == null || !answer.strip().endsWith(DIRECTIVES + ADDED)) {
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
   * Takes the directives out again, if this agent added them and they are still the newest on the
   * stack ({@code Compiler.directives_remove} takes out the newest, whoever added it); a
   * directive added after them by someone else is left alone, and ours with it.
   */
  static synchronized Optional<String> remove(Instrumentation instrumentation) {
    if (!added) {
      return Optional.empty();
    }
    try {
      String stack = call(instrumentation, "Compiler.directives_print");
      if (!isNewest(stack)) {
        return Optional.of("another compiler directive was added after them; all stay");
      }
      for (int i = 0; i < DIRECTIVES; i++) {
        call(instrumentation, "Compiler.directives_remove");
      }
      added = false;
      return Optional.empty();
    } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.of(e.toString());
    }
  }

  /** Test seam: the directives are no longer on the stack (a test cleared it). */
  static synchronized void forget() {
    added = false;
  }

  /**
   * Whether the newest directives of a {@code Compiler.directives_print} answer are these, in
   * their order.
   */
  static boolean isNewest(String stack) {
    if (stack == null) {
      return false;
    }
    List<Set<String>> ours = List.of(Set.copyOf(PATTERNS), Set.copyOf(CALLERS));
    int seen = 0;
    for (String line : stack.lines().toList()) {
      String text = line.strip();
      if (text.startsWith("matching:")) {
        // the JVM lists a directive's patterns in an order of its own, comma-separated
        Set<String> patterns = new java.util.HashSet<>();
        for (String pattern : text.substring("matching:".length()).split(",")) {
          patterns.add(pattern.strip());
        }
        if (!patterns.equals(ours.get(seen))) {
          return false;
        }
        if (++seen == ours.size()) {
          return true;
        }
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
