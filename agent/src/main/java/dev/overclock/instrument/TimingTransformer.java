package dev.overclock.instrument;

import dev.overclock.select.ClassPrefilter;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's class file transformer: weaves the timing advice into the selected methods of each
 * class as it loads (or is retransformed), and leaves every other class alone.
 *
 * <h2>Cheap for classes it does not touch</h2>
 *
 * Nearly every class an application loads has no selected method. Those are dismissed by name
 * ({@link MethodSelector#isIgnoredClass}) and by a byte search of the raw class file ({@link
 * ClassPrefilter}) before anything is parsed. Only the remaining candidates are read by Byte
 * Buddy's type pool (from class file bytes, never by loading classes, so the transformer cannot
 * cause class-loading circularities) and, if a method matches, rewritten.
 *
 * <h2>Why not Byte Buddy's {@code AgentBuilder}</h2>
 *
 * {@code AgentBuilder} generates a transformer class at run time and loads most of Byte Buddy to
 * do so: about 0.7 s of start-up on the build machine before the first application class. This
 * transformer uses the same {@link Advice} and the same redefinition settings as {@code
 * AgentBuilder.disableClassFormatChanges()} (frozen instrumented type, no visibility bridges, no
 * added members), so every class keeps its shape and can be retransformed and reset.
 *
 * <h2>Never hurts the host</h2>
 *
 * Any failure leaves the class exactly as it was (the transformer returns {@code null}) and is
 * counted in {@link InstrumentationStats}. Classes loaded by the transformer's own work on the
 * same thread pass through untouched.
 */
final class TimingTransformer implements ClassFileTransformer {

  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private final MethodSelector selector;
  private final ClassPrefilter prefilter;
  private final MethodMatcher methods;
  private final Advice advice;
  private final InstrumentationStats stats;
  private final ByteBuddy byteBuddy =
      new ByteBuddy()
          .with(TypeValidation.DISABLED)
          .with(Implementation.Context.Disabled.Factory.INSTANCE)
          .with(InstrumentedType.Factory.Default.FROZEN)
          .with(VisibilityBridgeStrategy.Default.NEVER)
          .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

  /** Binary names of every class given advice, for {@link Instrumenter#reset}. */
  final Set<String> instrumented = ConcurrentHashMap.newKeySet();

  TimingTransformer(MethodSelector selector, Advice advice, InstrumentationStats stats) {
    this.selector = selector;
    this.prefilter = selector.prefilter();
    this.methods = new MethodMatcher(selector);
    this.advice = advice;
    this.stats = stats;
  }

  /** Whether a class of this name and loader could be transformed at all (no bytes needed). */
  boolean isCandidate(String className, ClassLoader loader) {
    return loader != null && loader != PLATFORM && !selector.isIgnoredClass(className);
  }

  /** Whether the class file may declare a selected method. */
  boolean mayMatch(String className, byte[] classFile) {
    return prefilter.mayMatch(className, classFile);
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (internalName == null || busy.get() != null) {
      return null; // hidden classes have no name; our own work must not recurse
    }
    String className = internalName.replace('/', '.');
    if (!isCandidate(className, loader) || !mayMatch(className, classFile)) {
      return null;
    }
    busy.set(Boolean.TRUE);
    try {
      return weave(className, loader, classFile, classBeingRedefined != null);
    } catch (Throwable failure) {
      stats.failed(className, failure);
      return null;
    } finally {
      busy.remove();
    }
  }

  private byte[] weave(String className, ClassLoader loader, byte[] classFile, boolean loaded) {
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(className, classFile),
            ClassFileLocator.ForClassLoader.of(loader));
    TypeDescription type = TypePool.Default.of(locator).describe(className).resolve();
    if (type.isAnnotation()
        || type.getDeclaredMethods().filter(methods).isEmpty()) {
      return null;
    }
    byte[] woven =
        byteBuddy
            .redefine(type, locator)
            .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED)
            .visit(advice.on(methods))
            .make()
            .getBytes();
    instrumented.add(className);
    stats.transformed(className, loaded);
    return woven;
  }
}
