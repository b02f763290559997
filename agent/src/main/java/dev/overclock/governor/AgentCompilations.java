package dev.overclock.governor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JIT's work on the agent's own code, as JFR's {@code jdk.Compilation} events report it: the
 * one cost of the agent that its own threads' CPU time does not show. The JIT compiles the
 * agent's Java code (the live stream's parsing, detection, the histograms' merges, the report)
 * on the JVM's compiler threads as that code gets hot, most of it in the application's first
 * minute: on the project's three workloads 0.35-1.9 s of compiler time in a 30-second run, against
 * 0.34-0.59 s of the agent's own threads' CPU (see docs/performance.md). Shown beside the governed
 * share, never in it: a compilation cannot be shed, and it is over once the code is compiled.
 *
 * <p>Counts, from the stream's start on, compilations of at least {@link #THRESHOLD} (the
 * stream's threshold for the event: shorter ones are about an eighth of the agent's compile time
 * and most of the events) of methods of
 * Overclock's classes (its own and the libraries it shades) and of the JDK's JFR consumer, which
 * only the live stream runs unless the application reads JFR events itself. Not counted: the
 * JDK's shared code (collections, strings) compiled for the agent and the application alike, and
 * the application's methods compiled again after the agent changed them (the code-change watch
 * follows those). So the figure is a lower bound. Events come from another recording at a lower
 * threshold too; those under the threshold are left out, so the figure does not depend on it.
 *
 * <p>One thread (the stream's) adds; any thread reads.
 */
public final class AgentCompilations {

  /** The shortest compilation counted, and the threshold the live stream asks of the event. */
  public static final Duration THRESHOLD = Duration.ofMillis(5);

  private static final long THRESHOLD_NANOS = THRESHOLD.toNanos();

  private final AtomicLong nanos = new AtomicLong();

  /**
   * One {@code jdk.Compilation} event: counted when it compiled the agent's code for at least
   * {@link #THRESHOLD}.
   *
   * @param className the compiled method's class, as JFR names it ({@code a.b.C}); {@code null}
   *     when the event had none
   */
  public void compiled(String className, long durationNanos) {
    if (durationNanos >= THRESHOLD_NANOS && className != null && isAgentCode(className)) {
      nanos.addAndGet(durationNanos);
    }
  }

  /** Compiler time spent on the agent's code so far (compilations counted, summed). */
  public long nanos() {
    return nanos.get();
  }

  /**
   * Whether a class is the agent's code: Overclock's own packages (its shaded libraries among
   * them) or the JDK's JFR consumer the live stream reads with. JFR's recorder itself ({@code
   * jdk.jfr.internal}'s writing side, event classes) is not: any recording runs it.
   */
  static boolean isAgentCode(String className) {
    return className.startsWith("dev.overclock.")
        || className.startsWith("jdk.jfr.consumer.")
        || className.startsWith("jdk.jfr.internal.consumer.");
  }
}
