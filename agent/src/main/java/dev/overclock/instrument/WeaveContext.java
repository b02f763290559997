package dev.overclock.instrument;

import dev.overclock.select.MethodSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;

/**
 * What the transformer decided for the class it is rewriting on this thread: which methods each
 * weaving selected and why. Advice bindings read it while Byte Buddy resolves them (to label a
 * method's id with its reason), and register what to do once the class was rewritten
 * successfully (so that a method counts as instrumented only if its class really changed).
 */
final class WeaveContext {

  private static final ThreadLocal<WeaveContext> CURRENT = new ThreadLocal<>();

  private final Map<String, Map<String, MethodSelector.Reason>> selected = new HashMap<>();
  private final List<Runnable> onSuccess = new ArrayList<>();
  private final ClassLoader loader;

  WeaveContext(ClassLoader loader) {
    this.loader = loader;
  }

  /** The class loader of the class being rewritten. */
  ClassLoader loader() {
    return loader;
  }

  /** The context of the class being rewritten on this thread. */
  static WeaveContext current() {
    WeaveContext context = CURRENT.get();
    if (context == null) {
      throw new IllegalStateException("no class is being rewritten on this thread");
    }
    return context;
  }

  void select(String weaving, Map<String, MethodSelector.Reason> methods) {
    selected.put(weaving, methods);
  }

  /** Why the weaving selected the method; {@code null} if it did not. */
  MethodSelector.Reason reason(String weaving, MethodDescription method) {
    Map<String, MethodSelector.Reason> methods = selected.get(weaving);
    return methods == null ? null : methods.get(method.getInternalName() + method.getDescriptor());
  }

  /** Runs {@code action} once the class was rewritten (never if rewriting fails). */
  void onSuccess(Runnable action) {
    onSuccess.add(action);
  }

  void enter() {
    CURRENT.set(this);
  }

  void leave(boolean succeeded) {
    CURRENT.remove();
    if (succeeded) {
      onSuccess.forEach(Runnable::run);
    }
    onSuccess.clear();
  }
}
