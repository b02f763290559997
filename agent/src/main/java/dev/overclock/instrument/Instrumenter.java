package dev.overclock.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotation;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;

import dev.overclock.metrics.TimingRecorders;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Installs the agent's class file transformer and can take it out again.
 *
 * <p>The transformer never changes a class's shape (no new fields or methods, {@code
 * disableClassFormatChanges}), so that classes loaded before the agent can be retransformed and
 * every change can be reset to the original bytecode on detach. Classes of the JDK's own loaders
 * are never considered; {@link MethodSelector} rules out the rest by name before any class file is
 * parsed.
 */
public final class Instrumenter {

  private final ResettableClassFileTransformer transformer;
  private final InstrumentationStats stats;

  private Instrumenter(ResettableClassFileTransformer transformer, InstrumentationStats stats) {
    this.transformer = transformer;
    this.stats = stats;
  }

  /**
   * Installs timing advice for the methods {@code selector} selects, including in classes loaded
   * already (retransformed).
   */
  public static Instrumenter install(
      Instrumentation instrumentation, MethodSelector selector, TimingRecorders recorders) {
    preferSafeByteBuddy();
    InstrumentationStats stats = new InstrumentationStats();
    MethodMatcher methods = new MethodMatcher(selector);
    ElementMatcher.Junction<TypeDescription> ignored =
        new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
          @Override
          public boolean matches(TypeDescription type) {
            return selector.isIgnoredClass(type.getName());
          }
        };
    ResettableClassFileTransformer transformer =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(stats)
            .ignore(ignored.or(isSynthetic()).or(isAnnotation()),
                isBootstrapClassLoader().or(isExtensionClassLoader()))
            .type(declaresMethod(methods))
            .transform(TimedInstrumentation.transformer(selector, recorders, methods))
            .installOn(instrumentation);
    return new Instrumenter(transformer, stats);
  }

  /**
   * Tells Byte Buddy not to use {@code sun.misc.Unsafe}: the agent never injects classes (no class
   * format changes), and on JDK 24+ the first use of Unsafe's memory methods prints a warning on
   * the application's console (JEP 471/498). The property lives in the shaded package's own
   * namespace ({@code dev.overclock.shaded.bytebuddy.safe} in the agent jar), so it never affects
   * an application's own Byte Buddy.
   */
  private static void preferSafeByteBuddy() {
    String property = ByteBuddy.class.getPackageName() + ".safe";
    if (System.getProperty(property) == null) {
      System.setProperty(property, "true");
    }
  }

  public InstrumentationStats stats() {
    return stats;
  }

  /**
   * Removes the transformer and restores the original bytecode of every class it changed.
   *
   * @return whether the transformer was still installed
   */
  public boolean reset(Instrumentation instrumentation) {
    return transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
  }
}
