package dev.overclock.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defines classes directly in the bootstrap class loader, through {@code
 * jdk.internal.misc.Unsafe#defineClass} with a {@code null} loader.
 *
 * <p>Why not {@code Instrumentation.appendToBootstrapClassLoaderSearch}: on every JDK from 11 to
 * 25 appending to the bootstrap search path makes HotSpot print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended" and turns class-data sharing
 * off for every class outside the boot loader, slowing the application's start-up. Defining the
 * few bridge classes directly avoids both.
 *
 * <p>This class is loaded by a private, throw-away class loader, and {@code java.base} exports
 * {@code jdk.internal.misc} to that loader's unnamed module only (by {@code
 * Instrumentation.redefineModule}): the application, whose classes share the system loader's
 * unnamed module with the agent, gains no access to JDK internals. It references JDK types only.
 */
public final class BootstrapDefiner {

  private BootstrapDefiner() {}

  /**
   * Defines every class of {@code classes} (binary name to class file) in the bootstrap loader, in
   * an order that puts supertypes first.
   */
  public static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
    Method defineClass =
        unsafeType.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    Map<String, byte[]> pending = new LinkedHashMap<>(classes);
    while (!pending.isEmpty()) {
      int before = pending.size();
      Throwable last = null;
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, byte[]> entry = it.next();
        byte[] bytes = entry.getValue();
        try {
          defineClass.invoke(unsafe, entry.getKey(), bytes, 0, bytes.length, null, null);
          it.remove();
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          last = e.getCause(); // a supertype is not defined yet: retry in the next round
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException("cannot define " + pending.keySet(), last);
      }
    }
  }
}
