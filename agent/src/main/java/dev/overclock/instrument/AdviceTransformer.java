package dev.overclock.instrument;

import dev.overclock.bootstrap.Dispatcher;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodRef;
import dev.overclock.select.ClassPrefilter;
import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodSelector;
import dev.overclock.select.RuntimeSelection;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's class file transformer: weaves each {@link Weaving}'s advice into the methods it
 * selects, in each class as it loads (or is retransformed), and leaves every other class alone.
 *
 * <h2>Cheap for classes it does not touch</h2>
 *
 * Nearly every class an application loads has no selected method. Those are dismissed by name
 * ({@link MethodSelector#isIgnoredClass}) and by a byte search of the raw class file ({@link
 * ClassPrefilter}) before anything is parsed. The remaining candidates are read with ASM ({@link
 * ClassScan}); a class whose selected methods need timing, memoization or offload only is rewritten
 * with ASM alone ({@link DirectWeave}), any other by Byte Buddy, which reads it through its type
 * pool. Both work
 * from class file bytes, never by loading classes, so the transformer cannot cause class-loading
 * circularities.
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
final class AdviceTransformer implements ClassFileTransformer {

  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  /** Rewrites of one class, each leaving out one method too large for advice. */

  private final List<Weaving> weavings;
  private final ClassPrefilter prefilter;
  private final InstrumentationStats stats;
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

  /** Binary names of every class given advice, for {@link Instrumenter#reset}. */
  final Set<String> instrumented = ConcurrentHashMap.newKeySet();

  /**
   * Told about every change made to a class. Until a listener is attached, the first changes are
   * kept (classes instrumented while the agent starts its JFR part in the background) and handed
   * to the listener when it comes.
   */
  private CodeChange.Listener listener;
  private final List<CodeChange> pending = new ArrayList<>();
  private static final int MAX_PENDING = 512;

  /** Whether each class loader resolves the bridge to the bootstrap loader's copy. */
  private final Map<ClassLoader, Boolean> seesBridge =
      Collections.synchronizedMap(new WeakHashMap<>());

  AdviceTransformer(List<Weaving> weavings, InstrumentationStats stats) {
    this.weavings = List.copyOf(weavings);
    // loops, not streams or lambdas, here and in the weaving below: this runs at the JVM's
    // launch, where linking each lambda costs 0.3-0.5 ms the application's main thread waits for
    List<ClassPrefilter> prefilters = new ArrayList<>(weavings.size());
    for (Weaving weaving : weavings) {
      prefilters.add(weaving.prefilter());
    }
    this.prefilter = ClassPrefilter.anyOf(prefilters);
    this.stats = stats;
  }

  /** Attaches the listener and hands it the changes made so far; {@code null} detaches it. */
  synchronized void listener(CodeChange.Listener attached) {
    listener = attached;
    if (attached != null) {
      for (CodeChange change : pending) {
        tellQuietly(attached, change);
      }
    }
    pending.clear();
  }

  /** Tells the listener; a failing listener never affects the class. */
  synchronized void tell(CodeChange change) {
    if (listener != null) {
      tellQuietly(listener, change);
    } else if (pending.size() < MAX_PENDING) {
      pending.add(change);
    }
  }

  private static void tellQuietly(CodeChange.Listener listener, CodeChange change) {
    try {
      listener.changed(change);
    } catch (Throwable ignored) {
      // the change is made either way; only its record is lost
    }
  }

  /**
   * Builds now the Byte Buddy advice of each weaving a class may need as it loads: one with
   * filters, or whose annotation {@code loader} sees, unless the weaving writes its advice without
   * Byte Buddy ({@link Weaving#direct}). The others build theirs when a class first needs it (see
   * {@link Instrumenter#prepare}).
   */
  void prepareAdvice(ClassLoader loader) {
    for (Weaving weaving : weavings) {
      if (weaving.direct() == null && weaving.selectsAsClassesLoad(loader)) {
        weaving.adviceFactory().build();
      }
    }
  }

  /** Whether a class of this name and loader could be transformed at all (no bytes needed). */
  boolean isCandidate(String className, ClassLoader loader) {
    if (loader == null || loader == PLATFORM) {
      return false;
    }
    for (Weaving weaving : weavings) {
      if (!weaving.selector().isIgnoredClass(className)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the class file may declare a method some weaving selects. */
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
    // Everything inside the try: a throwable escaping a transformer makes the JVM print an
    // assertion message (a class loaded on an almost exhausted stack can overflow right here).
    try {
      if (internalName == null || busy.get() != null) {
        return null; // hidden classes have no name; our own work must not recurse
      }
      String className = internalName.replace('/', '.');
      if (!isCandidate(className, loader)) {
        return null;
      }
      boolean retransforming = classBeingRedefined != null;
      if (!mayMatch(className, classFile)) {
        return retransforming ? resetIfInstrumented(className) : null;
      }
      busy.set(Boolean.TRUE);
      try {
        if (!seesBridge(loader)) {
          stats.failed(className, null);
          return null;
        }
        byte[] woven = weave(className, loader, classFile, retransforming);
        return woven == null && retransforming ? resetIfInstrumented(className) : woven;
      } catch (Throwable failure) {
        stats.failed(className, failure);
        return retransforming ? resetIfInstrumented(className) : null;
      } finally {
        busy.remove();
      }
    } catch (Throwable failure) {
      return null;
    }
  }

  /**
   * A retransformed class that no longer gets advice goes back to its original code (returning
   * null hands the JVM the original class file); if it had advice before, that is a change too.
   */
  private byte[] resetIfInstrumented(String className) {
    if (instrumented.remove(className)) {
      tell(new CodeChange(Instant.now(), className, "reset", "", List.of(),
          "no method of it is selected any more"));
    }
    return null;
  }

  /**
   * Advice calls {@link Dispatcher}; a class whose loader cannot resolve it to the bootstrap
   * loader's copy (OSGi without boot delegation for the package, JBoss Modules without it in the
   * system packages) must not get advice. Checked once per loader.
   */
  private boolean seesBridge(ClassLoader loader) {
    Boolean sees = seesBridge.get(loader);
    if (sees == null) {
      boolean visible;
      try {
        visible = Class.forName(Dispatcher.class.getName(), false, loader) == Dispatcher.class;
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        visible = false;
      }
      sees = visible;
      seesBridge.put(loader, sees);
      if (!visible) {
        AgentLog.warn("classes of class loader " + describe(loader) + " cannot see the package "
            + "dev.overclock.bootstrap, so they run uninstrumented; add it to the loader's boot"
            + " delegation (OSGi: org.osgi.framework.bootdelegation, JBoss Modules:"
            + " jboss.modules.system.pkgs)");
      }
    }
    return sees;
  }

  private static String describe(ClassLoader loader) {
    String name = loader.getName();
    return name == null ? loader.getClass().getName() : "'" + name + "' (" + loader.getClass().getName() + ")";
  }

  private byte[] weave(String className, ClassLoader loader, byte[] classFile, boolean loaded) {
    long startNanos = System.nanoTime();
    ClassScan scan = ClassScan.of(classFile);
    if (scan.isAnnotationType()) {
      return null;
    }
    Map<Weaving, Map<String, MethodSelector.Reason>> selections = new LinkedHashMap<>();
    for (Weaving weaving : weavings) {
      Map<String, MethodSelector.Reason> selected = weaving.select(scan);
      if (!selected.isEmpty()) {
        selections.put(weaving, selected);
      }
    }
    if (selections.isEmpty()) {
      return null;
    }
    byte[] woven = weaveDirectly(className, loader, classFile, selections);
    if (woven == null) {
      woven = ByteBuddyWeave.weave(className, loader, classFile, selections);
    }
    if (woven != null) {
      instrumented.add(className);
      stats.transformed(className, loaded, System.nanoTime() - startNanos);
      tell(change(className, loaded, selections));
    }
    return woven;
  }

  /**
   * The class rewritten without Byte Buddy when every weaving that selects methods of it can do
   * that (see {@link DirectWeave}); {@code null}: it goes through Byte Buddy, as it does when this
   * fails.
   */
  private static byte[] weaveDirectly(String className, ClassLoader loader, byte[] classFile,
      Map<Weaving, Map<String, MethodSelector.Reason>> selections) {
    Set<String> keys = new HashSet<>();
    for (Map.Entry<Weaving, Map<String, MethodSelector.Reason>> selection : selections.entrySet()) {
      if (selection.getKey().direct() == null) {
        return null;
      }
      keys.addAll(selection.getValue().keySet());
    }
    if (!DirectWeave.applies(classFile, keys)) {
      return null;
    }
    List<DirectLayer> layers = new ArrayList<>();
    for (Map.Entry<Weaving, Map<String, MethodSelector.Reason>> selection
        : selections.entrySet()) {
      layers.add(new DirectLayer(className, loader, selection.getKey().direct(),
          selection.getValue()));
    }
    try {
      DirectWeave.Result result = DirectWeave.weave(classFile, layers);
      for (int i = 0; i < layers.size(); i++) {
        Weaving.Direct direct = layers.get(i).direct();
        for (int id : result.ids().get(i)) {
          direct.woven(id);
        }
      }
      return result.classFile();
    } catch (RuntimeException | LinkageError e) {
      // Byte Buddy tries next (a method over 64 KB, say, which it leaves out)
      AgentLog.debug(className + " goes through Byte Buddy: " + e);
      return null;
    }
  }

  /** One weaving's part of a direct rewrite: its methods, and why each was selected. */
  private record DirectLayer(String className, ClassLoader loader, Weaving.Direct direct,
      Map<String, MethodSelector.Reason> selected) implements DirectWeave.Layer {
    @Override
    public Set<String> methodKeys() {
      return selected.keySet();
    }

    @Override
    public int wrap(DirectWeave.Target target) {
      MethodSelector.Reason reason = selected.get(target.key());
      MethodRef method = new MethodRef(className, target.method().name, target.method().desc,
          reason == null ? "filter" : reason.label());
      return direct.wrap(method, loader, target);
    }
  }

  /** Describes a successful rewrite for the listener. */
  private static CodeChange change(
      String className,
      boolean loaded,
      Map<Weaving, Map<String, MethodSelector.Reason>> selections) {
    List<String> advice = new ArrayList<>();
    Set<String> methods = new LinkedHashSet<>();
    Set<String> reasons = new LinkedHashSet<>();
    for (Map.Entry<Weaving, Map<String, MethodSelector.Reason>> selection : selections.entrySet()) {
      Weaving weaving = selection.getKey();
      advice.add(weaving.name());
      for (Map.Entry<String, MethodSelector.Reason> method : selection.getValue().entrySet()) {
        methods.add(method.getKey());
        RuntimeSelection runtime = weaving.selector().runtime();
        if (method.getValue() == MethodSelector.Reason.AUTO && runtime != null) {
          String key = method.getKey();
          int paren = key.indexOf('(');
          String why = runtime.reason(className, key.substring(0, paren), key.substring(paren));
          reasons.add(weaving.name() + ": " + (why == null ? "auto" : why));
        } else {
          reasons.add(weaving.name() + ": " + method.getValue().label());
        }
      }
    }
    return new CodeChange(Instant.now(), className, loaded ? "retransformed" : "instrumented",
        String.join(", ", advice), List.copyOf(methods), String.join("; ", reasons));
  }
}
