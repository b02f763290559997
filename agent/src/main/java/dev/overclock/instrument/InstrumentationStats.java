package dev.overclock.instrument;

import dev.overclock.log.AgentLog;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Counts what the transformer did: classes instrumented and classes it had to leave alone because
 * instrumenting them failed. A failed class keeps its original bytecode, so the application is
 * unaffected; the count shows in the report's health section and the first failure per class is
 * logged.
 */
public final class InstrumentationStats extends AgentBuilder.Listener.Adapter {

  private final AtomicLong transformedClasses = new AtomicLong();
  private final AtomicLong failedClasses = new AtomicLong();

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    transformedClasses.incrementAndGet();
    AgentLog.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    failedClasses.incrementAndGet();
    AgentLog.warnOnce(
        "transform:" + typeName,
        "could not instrument " + typeName + " (" + error + "); it runs uninstrumented");
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
