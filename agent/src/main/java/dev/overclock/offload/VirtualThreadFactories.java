package dev.overclock.offload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual thread factories with a name prefix and an uncaught-exception handler, found at run time
 * ({@code Thread.ofVirtual().name(prefix, start).uncaughtExceptionHandler(h).factory()}): the agent
 * is compiled for release 17.
 */
final class VirtualThreadFactories {

  private static final MethodHandle OF_VIRTUAL;
  private static final MethodHandle NAME;
  private static final MethodHandle HANDLER;
  private static final MethodHandle FACTORY;

  static {
    MethodHandle ofVirtual = null;
    MethodHandle name = null;
    MethodHandle handler = null;
    MethodHandle factory = null;
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
      name = lookup.findVirtual(builder, "name",
          MethodType.methodType(builder, String.class, long.class));
      handler = lookup.findVirtual(builder, "uncaughtExceptionHandler",
          MethodType.methodType(builder, Thread.UncaughtExceptionHandler.class));
      factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      ofVirtual = null; // JDK 17 to 20
    }
    OF_VIRTUAL = ofVirtual;
    NAME = name;
    HANDLER = handler;
    FACTORY = factory;
  }

  private VirtualThreadFactories() {}

  static boolean available() {
    return OF_VIRTUAL != null;
  }

  /**
   * Threads named {@code prefix + n} from {@code start} on; {@code handler} may be null (the JVM's
   * default handler then applies, as for the original pool's threads).
   */
  static ThreadFactory named(String prefix, long start, Thread.UncaughtExceptionHandler handler) {
    if (OF_VIRTUAL == null) {
      throw new UnsupportedOperationException("this JDK has no virtual threads");
    }
    try {
      Object builder = NAME.invoke(OF_VIRTUAL.invoke(), prefix, start);
      if (handler != null) {
        builder = HANDLER.invoke(builder, handler);
      }
      return (ThreadFactory) FACTORY.invoke(builder);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
