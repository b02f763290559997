package dev.overclock.instrument;

import dev.overclock.log.AgentLog;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodShape;
import dev.overclock.select.Retransformer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import net.bytebuddy.ByteBuddy;

/**
 * Installs the agent's class file transformer and can take it out again.
 *
 * <p>The transformer never changes a class's shape (no new fields or methods), so that classes
 * loaded before the agent can be retransformed and every change can be reset to the original
 * bytecode: removing the transformer and retransforming the classes it changed makes the JVM
 * re-derive them from their original class files. Retransformation runs in batches, so that a
 * JVM with thousands of loaded classes is never stopped for long at once.
 */
public final class Instrumenter implements Retransformer {

  /** Classes retransformed per call; each call is a safepoint of the target JVM. */
  static final int BATCH = 100;

  private final Instrumentation instrumentation;
  private final AdviceTransformer transformer;
  private final InstrumentationStats stats;
  private volatile long pauseMillis;

  private Instrumenter(
      Instrumentation instrumentation, AdviceTransformer transformer, InstrumentationStats stats) {
    this.instrumentation = instrumentation;
    this.transformer = transformer;
    this.stats = stats;
  }

  /**
   * Prepares the weavings; nothing changes in the JVM until {@link #install}. Their advice is
   * built by {@link #prepare}, or else when the first class needs it.
   */
  public static Instrumenter create(Instrumentation instrumentation, List<Weaving> weavings) {
    preferSafeByteBuddy();
    InstrumentationStats stats = new InstrumentationStats();
    return new Instrumenter(instrumentation, new AdviceTransformer(weavings, stats), stats);
  }

  /**
   * Applies the weavings: in every class loaded from now on, and, by retransformation, in the
   * classes loaded already.
   */
  public Instrumenter install() {
    return install(/* retransformLoaded= */ true);
  }

  /**
   * Applies the weavings to every class loaded from now on, and, with {@code retransformLoaded},
   * by retransformation to the classes loaded already that may need them; without, for a caller
   * that knows none does.
   */
  public Instrumenter install(boolean retransformLoaded) {
    instrumentation.addTransformer(transformer, /* canRetransform= */ true);
    if (retransformLoaded) {
      retransform(loadedCandidates());
    }
    return this;
  }

  /**
   * Builds the Byte Buddy advice that classes are likely to need as they load: a few hundred
   * milliseconds of mostly interpreted code, best run on a background thread while the
   * application starts (the transformer waits for it only at the first class that needs it).
   * Likely: the weaving has filters, or the application's class loader sees its annotation, and
   * it cannot write its advice without Byte Buddy. The agent's four weavings all can ({@link
   * DirectWeave}), so at present this builds nothing, and Byte Buddy is set up only by the first
   * class the direct weave cannot rewrite (a class file older than Java 7).
   */
  public void prepare() {
    transformer.prepareAdvice(ClassLoader.getSystemClassLoader());
  }

  /**
   * Pauses between batches of retransformed classes from now on. A JVM that is already running
   * (attach, detach) keeps serving while its classes are changed: each batch is a safepoint, and
   * the pause lets application threads run between them. At start-up nothing waits for that.
   */
  public Instrumenter pausingBetweenBatches(long millis) {
    this.pauseMillis = millis;
    return this;
  }

  /**
   * Takes over from {@code previous} without a moment in which neither applies: swaps the
   * transformers, then retransforms every class either of them selects, so that each class goes
   * from the previous advice straight to this one's (or back to its original bytecode).
   */
  public Instrumenter installReplacing(Instrumenter previous) {
    instrumentation.removeTransformer(previous.transformer);
    instrumentation.addTransformer(transformer, /* canRetransform= */ true);
    java.util.Set<Class<?>> classes = new java.util.LinkedHashSet<>(previous.loadedInstrumented());
    classes.addAll(loadedCandidates());
    retransform(new ArrayList<>(classes));
    previous.transformer.instrumented.clear();
    return this;
  }

  /** Prepares and installs, for callers with nothing to do in between. */
  public static Instrumenter install(Instrumentation instrumentation, List<Weaving> weavings) {
    return create(instrumentation, weavings).install();
  }

  /**
   * Tells Byte Buddy not to use {@code sun.misc.Unsafe}: the agent never injects classes, and on
   * JDK 24+ the first use of Unsafe's memory methods prints a warning on the application's console
   * (JEP 471/498). The property lives in the shaded package's own namespace ({@code
   * dev.overclock.shaded.bytebuddy.safe} in the agent jar), so it never affects an application's
   * own Byte Buddy.
   */
  private static void preferSafeByteBuddy() {
    String property = safeProperty();
    if (System.getProperty(property) == null) {
      System.setProperty(property, "true");
      setSafeProperty = true;
    }
  }

  private static volatile boolean setSafeProperty;

  private static String safeProperty() {
    return ByteBuddy.class.getPackageName() + ".safe";
  }

  /** Removes the system property {@link #create} set, when the agent leaves the JVM (detach). */
  public static void forgetSystemProperty() {
    if (setSafeProperty) {
      System.clearProperty(safeProperty());
      setSafeProperty = false;
    }
  }

  /** How many classes (by name) carry this instrumenter's advice now. */
  public int instrumentedClassCount() {
    return transformer.instrumented.size();
  }

  public InstrumentationStats stats() {
    return stats;
  }

  /**
   * Records a change made outside this instrumenter's weavings (a pool call site rewritten, a
   * thread pool switched), so that it reaches the same listener (the JFR events) as the rest.
   */
  public void record(CodeChange change) {
    transformer.tell(change);
  }

  /**
   * Tells {@code listener} about every change to a class: first the changes made before it was
   * attached (the first few hundred), then each as it happens; {@code null} detaches it.
   */
  @Override
  public void onChange(CodeChange.Listener listener) {
    transformer.listener(listener);
  }

  /**
   * Retransforms the loaded classes of these names (in every class loader that may be
   * instrumented), so that they pick up a changed selection: methods added to or removed from a
   * {@link dev.overclock.select.RuntimeSelection}. Classes of the JDK's own loaders are never
   * touched.
   *
   * @return how many classes were retransformed
   */
  @Override
  public int retransform(Collection<String> classNames) {
    if (classNames.isEmpty()) {
      return 0;
    }
    Set<String> names = Set.copyOf(classNames);
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (names.contains(type.getName())
          && transformer.isCandidate(type.getName(), type.getClassLoader())
          && !type.isArray()
          && !type.isHidden()
          && instrumentation.isModifiableClass(type)) {
        classes.add(type);
      }
    }
    retransform(classes);
    return classes.size();
  }

  /**
   * The code of one method of a loaded class, read from its class file, or {@code null} when no
   * such class is loaded where it could be instrumented or its class file cannot be read.
   */
  @Override
  public MethodShape shape(String className, String methodName, String descriptor) {
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (type.getName().equals(className)
          && transformer.isCandidate(className, type.getClassLoader())) {
        byte[] classFile = classFile(type);
        if (classFile != null) {
          try {
            return ClassScan.shape(classFile, methodName, descriptor);
          } catch (RuntimeException unreadable) {
            return null;
          }
        }
      }
    }
    return null;
  }

  @Override
  public Class<?> loadedClass(String className) {
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (type.getName().equals(className)
          && transformer.isCandidate(className, type.getClassLoader())) {
        return type;
      }
    }
    return null;
  }

  @Override
  public void tell(CodeChange change) {
    transformer.tell(change);
  }

  /**
   * Removes the transformer and restores the original bytecode of every class it changed.
   *
   * @return whether the transformer was still installed
   */
  public boolean reset() {
    boolean removed = instrumentation.removeTransformer(transformer);
    List<Class<?>> changed = loadedInstrumented();
    retransform(changed);
    for (Class<?> type : changed) {
      transformer.tell(new CodeChange(java.time.Instant.now(), type.getName(), "reset", "",
          List.of(), "the agent stopped"));
    }
    transformer.instrumented.clear();
    return removed;
  }

  /** Loaded classes that this instrumenter gave advice. */
  private List<Class<?>> loadedInstrumented() {
    List<Class<?>> changed = new ArrayList<>();
    if (transformer.instrumented.isEmpty()) {
      return changed;
    }
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (transformer.instrumented.contains(type.getName())
          && instrumentation.isModifiableClass(type)) {
        changed.add(type);
      }
    }
    return changed;
  }

  /** Loaded classes that may hold selected methods (judged by name, then by class file bytes). */
  private List<Class<?>> loadedCandidates() {
    List<Class<?>> candidates = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      String name = type.getName();
      ClassLoader loader = type.getClassLoader();
      if (!transformer.isCandidate(name, loader)
          || type.isArray()
          || type.isHidden()
          || !instrumentation.isModifiableClass(type)) {
        continue;
      }
      byte[] classFile = classFile(type);
      if (classFile == null || transformer.mayMatch(name, classFile)) {
        candidates.add(type); // unreadable bytes: let the transformer decide
      }
    }
    return candidates;
  }

  private static byte[] classFile(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private void pause() {
    long millis = pauseMillis;
    if (millis <= 0) {
      Thread.yield();
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // finish the work without pauses
      pauseMillis = 0;
    }
  }

  private void retransform(List<Class<?>> classes) {
    for (int from = 0; from < classes.size(); from += BATCH) {
      List<Class<?>> batch = classes.subList(from, Math.min(classes.size(), from + BATCH));
      try {
        instrumentation.retransformClasses(batch.toArray(Class<?>[]::new));
      } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailure) {
        // One bad class fails the whole batch: retry one by one so the others still change.
        for (Class<?> type : batch) {
          try {
            instrumentation.retransformClasses(type);
          } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            stats.failed(type.getName(), e);
          }
        }
      }
      if (from + BATCH < classes.size()) {
        AgentLog.debug("retransformed " + (from + BATCH) + " of " + classes.size() + " classes");
        pause();
      }
    }
  }
}
