package dev.overclock.instrument;

import dev.overclock.log.AgentLog;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the transformer did: classes instrumented and classes it had to leave alone because
 * instrumenting them failed. A failed class keeps its original bytecode, so the application is
 * unaffected; the count shows in the report's health section and the first failure per class is
 * logged.
 */
public final class InstrumentationStats {

  private final AtomicLong transformedClasses = new AtomicLong();
  private final AtomicLong failedClasses = new AtomicLong();

  void transformed(String className, boolean retransformed, long nanos) {
    transformedClasses.incrementAndGet();
    if (AgentLog.isVerbose()) {
      AgentLog.debug("instrumented " + className + (retransformed ? " (retransformed)" : "")
          + " in " + nanos / 1_000_000 + " ms");
    }
  }

  /** A class left as it was; {@code error} is null when the reason was already logged. */
  void failed(String className, Throwable error) {
    failedClasses.incrementAndGet();
    if (error != null) {
      AgentLog.warnOnce(
          "transform:" + className,
          "could not instrument " + className + " (" + error + "); it runs uninstrumented");
    }
  }

  /** Classes that received advice (a class retransformed twice counts twice). */
  public long transformedClasses() {
    return transformedClasses.get();
  }

  /** Classes left uninstrumented because instrumenting them failed. */
  public long failedClasses() {
    return failedClasses.get();
  }
}
