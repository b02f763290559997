package dev.overclock.instrument;

import dev.overclock.log.AgentLog;
import dev.overclock.select.MethodSelector;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Writes the advice of a class's weavings with Byte Buddy: for the classes {@link DirectWeave}
 * does not take (a weaving without a direct path, a class file it cannot rewrite). A class of its
 * own, so that the transformer, which the agent's start builds and the application's first
 * advised class waits for, refers to no Byte Buddy type: the JVM's verifier loads the interfaces a
 * method passes values to, so these Byte Buddy types would load with the transformer otherwise.
 */
final class ByteBuddyWeave {

  /** Attempts at a class whose methods keep growing past the JVM's limit, one left out each. */
  private static final int MAX_ATTEMPTS = 8;

  private ByteBuddyWeave() {}

  /**
   * The class with each weaving's advice in the methods it selected; {@code null} when no method
   * could take it. A method too large to take the advice (the 64 KB limit) is left out of {@code
   * selections} and the class retried, so that its other methods still get theirs.
   */
  static byte[] weave(String className, ClassLoader loader, byte[] classFile,
      Map<Weaving, Map<String, MethodSelector.Reason>> selections) {
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(className, classFile),
            ClassFileLocator.ForClassLoader.of(loader));
    TypeDescription type = TypePool.Default.of(locator).describe(className).resolve();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      WeaveContext context = new WeaveContext(loader);
      DynamicType.Builder<?> builder =
          Redefinition.BYTE_BUDDY.redefine(type, locator)
              .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
      for (Map.Entry<Weaving, Map<String, MethodSelector.Reason>> selection : selections.entrySet()) {
        context.select(selection.getKey().name(), selection.getValue());
        builder = builder.visit(
            selection.getKey().advice().on(new SelectedMethods(selection.getValue().keySet())));
      }
      context.enter();
      boolean succeeded = false;
      try {
        byte[] woven = builder.make().getBytes();
        succeeded = true;
        return woven;
      } catch (MethodTooLargeException tooLarge) {
        String key = tooLarge.getMethodName() + tooLarge.getDescriptor();
        AgentLog.warnOnce("too-large:" + className + "." + key, className + "::"
            + tooLarge.getMethodName() + " is too large to take advice (it would grow to "
            + tooLarge.getCodeSize() + " bytes of code, over the JVM's limit of 65535); it runs"
            + " uninstrumented, the rest of its class does not");
        selections.values().forEach(selected -> selected.remove(key));
        selections.values().removeIf(Map::isEmpty);
        if (selections.isEmpty()) {
          return null;
        }
      } finally {
        context.leave(succeeded);
      }
    }
    return null;
  }

  /**
   * Byte Buddy configured like {@code AgentBuilder.disableClassFormatChanges()}: no new members,
   * no visibility bridges, only declared methods considered. A holder class, so that Byte Buddy is
   * set up by the first class that needs it, never by {@code premain}.
   */
  static final class Redefinition {
    static final ByteBuddy BYTE_BUDDY =
        new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    private Redefinition() {}
  }

  /** Matches the methods a weaving selected, by name and descriptor. */
  private static final class SelectedMethods
      extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final Set<String> keys;

    SelectedMethods(Set<String> keys) {
      this.keys = Set.copyOf(keys);
    }

    @Override
    public boolean matches(MethodDescription method) {
      return keys.contains(method.getInternalName() + method.getDescriptor());
    }
  }
}
