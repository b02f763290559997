package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.control.ControlProtocol;
import dev.overclock.jvm.StartupBurst;
import dev.overclock.log.AgentLog;
import dev.overclock.memo.MemoPolicy;
import dev.overclock.offload.OffloadSettings;
import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodSelector;
import dev.overclock.version.Version;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's start at the JVM's launch, put off until the application's own start is over, when
 * nothing needs the agent before then.
 *
 * <h2>Why</h2>
 *
 * {@code premain} runs on the application's main thread before its {@code main}: every
 * millisecond there is a millisecond of the application's start. Most of the agent's start (the
 * bootstrap bridge, recorders, weavings, report source, reporter, governor and their threads,
 * about 150 ms of a 230-300 ms start on this project's machine) is needed only once a class
 * needs advice, and without Overclock's annotations on the class path and without filters no
 * class does until the hot-method detector times one, a window after the JFR stream's start,
 * which waits for the application's start anyway ({@code jfr.startwait}). So premain reads the
 * options, registers an exit hook and hands the rest to a daemon thread that waits for the end
 * of the application's start ({@link StartupBurst}: class loading calm and the main thread idle
 * or ended, at most {@code jfr.startwait}), then starts the agent. No class loaded meanwhile
 * needs retransforming: a watch ({@link AnnotationWatch}) saw every one, and the first that uses
 * Overclock's annotations would have run the start before it was defined.
 *
 * <h2>Beside the application's start</h2>
 *
 * When the application's class path has Overclock's annotations, or the options name methods
 * ({@code timed=}, {@code memoize=}, {@code offload=}), classes need advice as they load, so the
 * start cannot wait; but it need not run on the main thread either. Premain installs the
 * bootstrap bridge (an application class may refer to it, and must find the bootstrap loader's
 * copy, its only one), sets the same watch and exit hook and hands the rest of the start to a
 * thread that runs it at once ({@link
 * AgentStarter.Moment#BESIDE_LAUNCH}), while {@code main} loads the application's first classes;
 * a class that may need advice (it uses the annotations, or a filter may name it: its name
 * alone decides, so a filter on a method name or an annotation holds every class) waits for the
 * start (the watch), but only until the agent's transformer is in place, not for the threads and
 * the JFR part the start goes on to start. The demo's first annotated class loads right after
 * its main begins, so it waits for most of the start and gains about 40 ms of 0.3-0.4 s (docs/
 * performance.md, "The start beside the application's main"); an application that loads many
 * classes before its first advised one runs them meanwhile. Classes loaded before premain are
 * the JDK's, which no filter can select.
 *
 * <h2>When not</h2>
 *
 * The start stays whole in premain when {@code offload.executors} is on (its call-site
 * transformer must see every pool the application creates, from its first), and with {@code
 * jfr.startwait=0}.
 *
 * <h2>Until the start</h2>
 *
 * <ul>
 *   <li>A program that ends first gets its report all the same: the exit hook builds the agent's
 *       parts and writes the final report (the run, and no method), without starting any thread
 *       or JFR. Runtime refuses a shutdown hook once the JVM exits, which is why premain
 *       registers this one.
 *   <li>A class that uses Overclock's annotations runs the start at once, on its loading thread
 *       ({@link AnnotationWatch}); with the start beside main, it (or a class a filter may
 *       name) waits for that start's transformer instead.
 *   <li>An attach (options, {@code status}, {@code top}, {@code detach}) first runs the start at
 *       once, on the attach thread, and then does what it was asked for; until then the agent's
 *       system property says it is starting, so that the command line finds it.
 *   <li>A second copy of the agent in the same JVM is ignored, with one line, as once started.
 * </ul>
 *
 * <p>All of it holds one lock, so the start runs exactly once, from whichever comes first; that
 * lock is always taken before {@link AgentStarter}'s.
 *
 * <p>Runs before the bootstrap bridge is installed, so, like {@link OverclockAgent}, it must not
 * touch any class of {@code dev.overclock.bootstrap} nor {@link AgentStarter} before {@link
 * BootstrapBridge#install}.
 */
final class DeferredStart {

  /** Held while the start runs (by whichever thread runs it) and while it is handed over. */
  private static final ReentrantLock LOCK = new ReentrantLock();

  /** The start premain handed over and nobody ran yet; guarded by {@link #LOCK}. */
  private static DeferredStart pending;

  /** What every class file that uses one of Overclock's annotations holds (in its descriptors). */
  private static final byte[] ANNOTATION_PACKAGE =
      "Ldev/overclock/annotations/".getBytes(StandardCharsets.US_ASCII);

  private final Config config;
  private final Instrumentation instrumentation;
  private final Thread main;
  private final AnnotationWatch watch = new AnnotationWatch();
  /** Set by the exit hook: the wait ends, and a start that fails for the exit is retried there. */
  private volatile boolean exiting;
  /**
   * For a start beside the application's main: counted down once the start has put the agent's
   * transformer in place (or ended without), so that a class that may need advice and loads
   * meanwhile waits only for that, not for the threads the start goes on to start; {@code null}
   * for a start after the application's.
   */
  private final CountDownLatch transforming;
  /** The thread that runs the start beside main: a class it loads itself never waits. */
  private volatile Thread starter;
  /** The filters of every kind of advice: a class one of them may select waits as well. */
  private final List<MethodFilter> filters;

  private DeferredStart(
      Config config, Instrumentation instrumentation, Thread main, boolean besideMain) {
    this.config = config;
    this.instrumentation = instrumentation;
    this.main = main;
    this.transforming = besideMain ? new CountDownLatch(1) : null;
    this.filters = filtersOf(config);
  }

  /** Whether premain may put the start off (see the class comment). */
  static boolean applies(Config config, ClassLoader applicationLoader) {
    return !config.jfr().startWait().isZero()
        && !config.offload().executors()
        && !adviceNeededAtLoad(config, applicationLoader);
  }

  /**
   * Whether premain may hand the start to a thread that runs it at once, beside the application's
   * {@code main} (see the class comment): classes may need advice as they load (annotations,
   * filters), and the watch holds each that may until the agent's transformer is in place.
   */
  static boolean besideMain(Config config, ClassLoader applicationLoader) {
    return !config.jfr().startWait().isZero()
        && !config.offload().executors()
        && adviceNeededAtLoad(config, applicationLoader);
  }

  /** The filters of every kind of advice ({@code timed=}, {@code memoize=}, {@code offload=}). */
  private static List<MethodFilter> filtersOf(Config config) {
    List<MethodFilter> all = new ArrayList<>(config.timing().filters());
    all.addAll(config.memo().filters());
    all.addAll(config.offload().filters());
    return all;
  }

  /**
   * Whether a class may need advice as it loads, judged before any loads: the options name
   * methods to time, memoize or offload, or {@code loader} (the application's, the system class
   * loader) sees one of Overclock's annotations (an application compiled against them ships them).
   */
  static boolean adviceNeededAtLoad(Config config, ClassLoader loader) {
    if (!filtersOf(config).isEmpty()) {
      return true;
    }
    for (String annotation : ANNOTATIONS) {
      if (MethodSelector.annotationVisible(annotation, loader)) {
        return true;
      }
    }
    return false;
  }

  /** The annotations that select methods for advice (compile-time constants: nothing loads). */
  private static final List<String> ANNOTATIONS = List.of(MethodSelector.TIMED_ANNOTATION,
      MemoPolicy.ANNOTATION, OffloadSettings.ANNOTATION);

  /**
   * Called from premain, on the application's main thread: watches the classes that load,
   * registers the exit hook and starts the thread that runs the start, once the application's
   * start is over or, with {@code besideMain}, at once.
   */
  static void schedule(Config config, Instrumentation instrumentation, boolean besideMain) {
    DeferredStart start =
        new DeferredStart(config, instrumentation, Thread.currentThread(), besideMain);
    LOCK.lock();
    try {
      if (pending != null) {
        AgentLog.warn("already starting in this JVM (another -javaagent copy of Overclock);"
            + " this second start is ignored");
        return;
      }
      pending = start;
    } finally {
      LOCK.unlock();
    }
    instrumentation.addTransformer(start.watch); // not for retransformations: loads only
    Runtime.getRuntime().addShutdownHook(new Thread(new Step(start, Step.AT_EXIT),
        "overclock-exit"));
    Thread waiting = new Thread(new Step(start, besideMain ? Step.BESIDE_MAIN : Step.AFTER_START),
        "overclock-start");
    waiting.setDaemon(true);
    start.starter = waiting;
    waiting.start();
    if (besideMain) {
      AgentLog.debug("starting on a thread of its own, beside the application's main thread"
          + " (a class that may need advice as it loads waits for it)");
    }
  }

  /** Runs the start put off, if it has not run yet: an attach needs the agent now. */
  static void runPending() {
    DeferredStart start;
    LOCK.lock();
    try {
      start = pending;
    } finally {
      LOCK.unlock();
    }
    if (start != null) {
      start.run(Cause.ATTACH);
    }
  }

  /** The waiting thread: the start once the application's start is over. */
  private void afterApplicationStart() {
    try {
      announce();
      StartupBurst.awaitEnd(config.jfr().startWait().toMillis(), main,
          new Step(this, Step.EXITING));
      if (exiting || StartupBurst.programEnded(main)) {
        return; // the program is ending: the exit hook writes its report
      }
      run(Cause.APPLICATION_STARTED);
    } catch (Throwable t) {
      System.err.println("[overclock] agent not started, the application runs without it: " + t);
    }
  }

  /** The starting thread, beside the application's main from its launch. */
  private void besideMain() {
    try {
      announce();
      run(Cause.BESIDE_MAIN);
    } catch (Throwable t) {
      System.err.println("[overclock] agent not started, the application runs without it: " + t);
    } finally {
      transforming.countDown();
    }
  }

  private void atExit() {
    exiting = true;
    try {
      run(Cause.EXIT);
    } catch (Throwable t) {
      System.err.println("[overclock] no report: the agent could not finish at exit: " + t);
    }
  }

  /**
   * What the start's threads and hooks run, and what they ask: a class rather than lambdas and
   * method references, because linking each of those costs the JVM's launch 0.3-0.5 ms of mostly
   * interpreted code, on the path the application's main thread waits for.
   */
  private static final class Step implements Runnable, java.util.function.BooleanSupplier {
    static final int AT_EXIT = 0;
    static final int BESIDE_MAIN = 1;
    static final int AFTER_START = 2;
    static final int TRANSFORMING = 3; // the transformer is in place: classes may load
    static final int NOTHING = 4;
    static final int EXITING = 5; // as a BooleanSupplier: whether the exit hook runs

    private final DeferredStart start;
    private final int what;

    Step(DeferredStart start, int what) {
      this.start = start;
      this.what = what;
    }

    @Override
    public void run() {
      switch (what) {
        case AT_EXIT -> start.atExit();
        case BESIDE_MAIN -> start.besideMain();
        case AFTER_START -> start.afterApplicationStart();
        case TRANSFORMING -> start.transforming.countDown();
        default -> { }
      }
    }

    @Override
    public boolean getAsBoolean() {
      return start.exiting;
    }
  }

  /** Whether the JVM's shutdown has begun: it refuses new shutdown hooks from then on. */
  static boolean shuttingDown() {
    Thread probe = new Thread(new Step(null, Step.NOTHING), "overclock-exit-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true; // (if it began between the two calls, the probe runs and does nothing)
    } catch (RuntimeException cannotTell) {
      return false;
    }
  }

  /**
   * Sets the agent's system property until the start has run (then: version and mode): {@code
   * status}, {@code list} and the other commands look for it before they attach (the agent is
   * there, and an attach runs its start, {@link #runPending}). On the starting thread, not in
   * {@code premain}: the version is read from the agent jar's manifest, which on the bootstrap
   * class path costs a read of the jar (~5-10 ms) that the application's main thread need not wait
   * for.
   */
  private static void announce() {
    if (System.getProperty(ControlProtocol.AGENT_PROPERTY) == null) {
      System.setProperty(ControlProtocol.AGENT_PROPERTY, Starting.PROPERTY);
    }
  }

  /** The property's value while starting, made when first needed (see {@link #announce}). */
  private static final class Starting {
    static final String PROPERTY = Version.get() + " premain (starting after the application)";

    private Starting() {}
  }

  /** A start that failed leaves no sign of an agent behind. */
  private static void clearStarting() {
    if (Starting.PROPERTY.equals(System.getProperty(ControlProtocol.AGENT_PROPERTY))) {
      System.clearProperty(ControlProtocol.AGENT_PROPERTY);
    }
  }

  /** What runs the start. */
  private enum Cause { APPLICATION_STARTED, BESIDE_MAIN, CLASS_NEEDING_ADVICE, ATTACH, EXIT }

  /** The longest a loading class waits for a start another thread is running. */
  private static final long WATCH_WAIT_SECONDS = 10;

  private void awaitTransformer() {
    if (Thread.currentThread() == starter) {
      return; // a class the start loads itself: it would wait for itself
    }
    try {
      if (!transforming.await(WATCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
        AgentLog.warn("a class that may need advice loaded while the agent started on another"
            + " thread, and waited " + WATCH_WAIT_SECONDS + " s: it runs without advice");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean tryLock() {
    try {
      return LOCK.tryLock(WATCH_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs the start, unless it ran already. */
  private void run(Cause cause) {
    if (cause == Cause.CLASS_NEEDING_ADVICE && transforming != null) {
      // The start runs beside main: this class needs its transformer only (the agent's own,
      // added by it, sees this class after this watch).
      awaitTransformer();
      return;
    }
    if (cause == Cause.CLASS_NEEDING_ADVICE) {
      // Never wait without end inside a class load: the loading thread may hold a lock (a class
      // loader that is not parallel-capable locks itself) that the start on the other thread
      // needs. Given up, the class loads as written and the start goes on.
      if (!tryLock()) {
        AgentLog.warn("a class with Overclock's annotations loaded while the agent started on"
            + " another thread, and waited " + WATCH_WAIT_SECONDS + " s: it runs without advice");
        return;
      }
    } else {
      LOCK.lock();
    }
    try {
      if (pending != this) {
        return; // started already (or a start that failed, which said why)
      }
      pending = null;
      try {
        if (!BootstrapBridge.install(instrumentation)) {
          clearStarting();
          return;
        }
        if (cause == Cause.EXIT) {
          AgentStarter.finishUnstarted(config, instrumentation);
        } else if (cause == Cause.BESIDE_MAIN) {
          AgentStarter.start(config, instrumentation, AgentStarter.Moment.BESIDE_LAUNCH, main,
              new Step(this, Step.TRANSFORMING));
        } else {
          AgentStarter.start(config, instrumentation,
              AgentStarter.Moment.AFTER_APPLICATION_START);
        }
      } catch (Throwable t) {
        if (cause != Cause.EXIT && (exiting || shuttingDown())) {
          // The JVM began to exit during this start (which refused the agent's exit hook and
          // undid itself): the exit hook, waiting for this lock, writes the report instead. Not
          // by the flag alone: the JVM refuses new hooks before it starts the registered ones,
          // so this start can fail before the exit hook has run a line (a report was lost so,
          // once, in CI: ExitDuringJfrStartIT on JDK 25).
          pending = this;
          return;
        }
        clearStarting();
        System.err.println("[overclock] agent not started, the application runs without it: "
            + t);
      } finally {
        // Only now: a class that loads during the start is still watched, and waits for it;
        // the start retransforms no class loaded before it, trusting the watch saw them all.
        instrumentation.removeTransformer(watch);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Watches the classes that load before the start for Overclock's annotations, which the
   * class path check cannot see everywhere: an application that runs without the annotations'
   * jar (it needs it only to compile), or loads its classes through a loader of its own (a fat
   * jar's, a container's). The first such class starts the agent on the loading thread, before
   * the class is defined, and gets its advice as it would have from a start in premain; so no
   * call of an annotated method runs without its advice. With the start beside main, such a
   * class, and one a filter may name, waits for that start's transformer instead. Until then each
   * loading class costs a scan of its bytes.
   */
  private final class AnnotationWatch implements ClassFileTransformer {
    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
        Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
      try {
        if (classBeingRedefined != null || loader == null || loader == PLATFORM
            || className == null || className.startsWith("dev/overclock/")
            || (!contains(classFile, ANNOTATION_PACKAGE) && !mayBeNamedByFilter(className))) {
          return null;
        }
        // The agent's own transformer, added by this start, still sees this class: the JVM
        // asks the transformers that cannot retransform (this one) first, then those that can
        // (the agent's), each group as registered when its turn comes.
        run(Cause.CLASS_NEEDING_ADVICE);
        return null;
      } catch (Throwable t) {
        // Never out of a transformer: the class loads as written, and the start said why.
        return null;
      }
    }
  }

  /** Whether a filter may select methods of this class (internal name), judged by name alone. */
  private boolean mayBeNamedByFilter(String className) {
    if (filters.isEmpty()) {
      return false;
    }
    String typeName = className.replace('/', '.');
    if (MethodSelector.isReservedClass(typeName)) {
      return false; // never advised (the JDK's, the agent's)
    }
    for (MethodFilter filter : filters) {
      if (filter.mayMatchClass(typeName)) {
        return true;
      }
    }
    return false;
  }

  /** Its classes are the JDK's, which Overclock never changes. */
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  /** Whether {@code bytes} holds {@code part}. */
  static boolean contains(byte[] bytes, byte[] part) {
    byte first = part[0];
    for (int i = 0, last = bytes.length - part.length; i <= last; i++) {
      if (bytes[i] != first) {
        continue;
      }
      int j = 1;
      while (j < part.length && bytes[i + j] == part[j]) {
        j++;
      }
      if (j == part.length) {
        return true;
      }
    }
    return false;
  }
}
