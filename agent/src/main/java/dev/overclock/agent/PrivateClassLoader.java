package dev.overclock.agent;

/**
 * A class loader for one class of the agent's, whose unnamed module nobody else shares: a JDK
 * package opened or exported to that module (by {@code Instrumentation.redefineModule}) reaches
 * that class alone, never the application, whose classes share the system loader's unnamed
 * module with the agent when it runs from the application class path. Its parent is the
 * bootstrap loader: the class may reference JDK types only.
 */
final class PrivateClassLoader extends ClassLoader {

  /** @param name the loader's name, as stack traces and class histograms show it */
  PrivateClassLoader(String name) {
    super(name, null);
  }

  /** Defines the one class. */
  Class<?> define(String className, byte[] bytes) {
    return defineClass(className, bytes, 0, bytes.length);
  }
}
