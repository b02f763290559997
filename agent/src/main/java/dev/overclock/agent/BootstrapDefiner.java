package dev.overclock.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

  private static final Class<?>[] DEFINE_PARAMETERS = {
    String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class
  };

  private BootstrapDefiner() {}

  /**
   * Defines every class of {@code classes} (binary name to class file) in the bootstrap loader, in
   * an order that puts supertypes first.
   */
  public static void define(Map<String, byte[]> classes) throws ReflectiveOperationException {
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    // JDK 17: a reflective call, whose first calls go through a native accessor that costs nothing
    // to set up (a method handle would cost ~5 ms). JDK 18 and later: reflection sets up a
    // method-handle accessor on the first call (JEP 416), which for this six-argument shape spins
    // ~27 ms of code on JDK 25, all in premain; an exactly typed handle costs ~6 ms.
    boolean handles = Runtime.version().feature() >= 18;
    Object unsafe = null;
    Method reflective = null;
    MethodHandle handle = null;
    if (handles) {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle getUnsafe =
          lookup.findStatic(unsafeType, "getUnsafe", MethodType.methodType(unsafeType));
      MethodHandle defineClass =
          lookup.findVirtual(
              unsafeType, "defineClass", MethodType.methodType(Class.class, DEFINE_PARAMETERS));
      // (String, byte[], int, int, ClassLoader, ProtectionDomain)Class, the receiver folded in
      handle = MethodHandles.foldArguments(defineClass, getUnsafe);
    } else {
      unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
      reflective = unsafeType.getMethod("defineClass", DEFINE_PARAMETERS);
    }
    Map<String, byte[]> pending = new LinkedHashMap<>(classes);
    while (!pending.isEmpty()) {
      int before = pending.size();
      Throwable last = null;
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, byte[]> entry = it.next();
        byte[] bytes = entry.getValue();
        try {
          if (handles) {
            defineWith(handle, entry.getKey(), bytes);
          } else {
            reflective.invoke(unsafe, entry.getKey(), bytes, 0, bytes.length, null, null);
          }
          it.remove();
        } catch (NoClassDefFoundError e) {
          last = e; // a supertype is not defined yet: retry in the next round
        } catch (InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
          last = e.getCause();
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException("cannot define " + pending.keySet(), last);
      }
    }
  }

  private static void defineWith(MethodHandle define, String name, byte[] bytes) {
    try {
      // invokeExact needs the call's types to match the handle's, the result's cast included
      Class<?> defined =
          (Class<?>) define.invokeExact(
              name, bytes, 0, bytes.length, (ClassLoader) null, (ProtectionDomain) null);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t); // Unsafe.defineClass declares no checked exception
    }
  }
}
