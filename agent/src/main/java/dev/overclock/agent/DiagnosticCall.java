package dev.overclock.agent;

import java.lang.reflect.Method;

/**
 * Runs one diagnostic command of the JVM ({@code jcmd}'s commands, such as {@code
 * Compiler.directives_add}) in this JVM, without the platform MBean server: the JDK's own
 * diagnostic-command bean, reached by reflection into {@code com.sun.management.internal}.
 *
 * <p>Why not {@code ManagementFactory.getPlatformMBeanServer()}: building it registers every
 * platform bean (110-190 ms of CPU, measured on JDK 17 and 25) and, through the logging bean,
 * initialises {@code java.util.logging}'s {@code LogManager}, which an application server that
 * installs its own log manager must do first.
 *
 * <p>Loaded by a private, throw-away class loader whose unnamed module alone is given that
 * package (by {@code Instrumentation.redefineModule}, see {@link AgentCodeJit}): the application,
 * whose classes share the system loader's unnamed module with the agent when it runs from the
 * application class path, gains no access to JDK internals. It references JDK types only.
 */
public final class DiagnosticCall {

  private DiagnosticCall() {}

  /** Runs {@code command} (with its arguments) and returns what the JVM answered. */
  public static String run(String command) throws ReflectiveOperationException {
    // Its static initialiser loads the native library the diagnostic-command bean needs.
    Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl", true, null);
    Class<?> type = Class.forName("com.sun.management.internal.DiagnosticCommandImpl", true, null);
    Method bean = type.getDeclaredMethod("getDiagnosticCommandMBean");
    bean.setAccessible(true);
    Method execute = type.getDeclaredMethod("executeDiagnosticCommand", String.class);
    execute.setAccessible(true);
    return (String) execute.invoke(bean.invoke(null), command);
  }
}
