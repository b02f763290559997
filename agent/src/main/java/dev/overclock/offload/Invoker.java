package dev.overclock.offload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Calls an offloaded method's own code again, on the worker thread: a method handle of the exact
 * method (never an override: {@code invokespecial}), bound once per declaring class.
 *
 * <p>Careful because the re-invocation enters the instrumented method, advice included: the
 * worker marks its task first ({@link OffloadTask}), so the offload advice lets the body run. A
 * virtual call would run a subclass's override instead of the method that was called.
 */
final class Invoker {

  final Class<?> owner;
  private final MethodHandle handle; // (Object receiver, Object[] arguments) Object

  private Invoker(Class<?> owner, MethodHandle handle) {
    this.owner = owner;
    this.handle = handle;
  }

  /**
   * Looks the method up in {@code owner} with private access.
   *
   * @throws ReflectiveOperationException or an unchecked exception when the class does not open
   *     its package to the agent (a named module), or the method is not there
   */
  static Invoker resolve(Class<?> owner, String name, String descriptor, boolean isStatic)
      throws ReflectiveOperationException {
    MethodType type = MethodType.fromMethodDescriptorString(descriptor, owner.getClassLoader());
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
    MethodHandle handle = isStatic
        ? MethodHandles.dropArguments(lookup.findStatic(owner, name, type), 0, Object.class)
        : lookup.findSpecial(owner, name, type, owner);
    int count = type.parameterCount();
    handle = handle.asType(MethodType.genericMethodType(count + 1))
        .asSpreader(Object[].class, count);
    return new Invoker(owner, handle);
  }

  /** Runs the method's code with these arguments; throws what it throws. */
  Object invoke(Object receiver, Object[] arguments) throws Throwable {
    return handle.invokeExact(receiver, arguments);
  }
}
