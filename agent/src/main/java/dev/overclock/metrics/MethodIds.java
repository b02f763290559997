package dev.overclock.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The int ids of one sink's methods and the sink's object for each: the table every sink (timing,
 * memoization, offload) finds a call's method in, by the id its advice was woven with.
 *
 * <h2>Why it has to be careful</h2>
 *
 * The advice of every woven method indexes the table on every call, without a lock, while classes
 * are being transformed on other threads. So the table is copy-on-write and published by a
 * volatile write: ids are handed out at class-transformation time (rare), under this object's
 * lock; a new id's slot is filled before the array is published again, and a slot that callers
 * may already read is only ever replaced in a fresh copy. Publishing goes through the sink's
 * {@code publish} callback into a volatile field of the sink's own, of the element type: the
 * per-call path stays one volatile read and one array read, with no further indirection and no
 * cast, exactly as if the sink kept the table itself.
 *
 * <h2>Ids</h2>
 *
 * The same method (class name, method name, descriptor: {@link MethodRef#key}) always gets the
 * same id, also across retransformations and, for {@link #acrossLoaders}, across class loaders.
 * {@link #perLoader} ids are per class loader as well: two loaders may define different classes of
 * one name (two web applications), which must never share a cache or a limit. A method registered
 * again keeps its id; its object is replaced only when the sink says the one it has no longer fits
 * (memoization after an attach that changed the method's options), so classes still woven for the
 * old object find the new one.
 *
 * <h2>Woven marks</h2>
 *
 * An id is handed out while a class is being rewritten, which can still fail; the instrumentation
 * marks the method {@link #woven} once its class really changed, and only woven methods appear in
 * reports.
 *
 * @param <T> the sink's per-method object
 */
public final class MethodIds<T> {

  private static final int INITIAL_CAPACITY = 16;

  private final boolean perLoader;
  private final Consumer<T[]> publish;
  private final Map<ClassLoader, Map<String, Integer>> byLoader = new WeakHashMap<>();
  private final Map<String, Integer> shared = new HashMap<>();
  private T[] table;
  private boolean[] woven = new boolean[INITIAL_CAPACITY];
  private int count;

  private MethodIds(boolean perLoader, IntFunction<T[]> newArray, Consumer<T[]> publish) {
    this.perLoader = perLoader;
    this.publish = publish;
    this.table = newArray.apply(INITIAL_CAPACITY);
    publish.accept(table);
  }

  /**
   * Ids that are the same in every class loader (timing: a method's figures are one line however
   * many loaders define its class). Publishes an empty table at once, so the sink's field is never
   * null.
   *
   * @param newArray makes an array of the sink's element type (say {@code MethodRecorder[]::new})
   * @param publish stores the table into the sink's volatile field; called under this lock
   */
  public static <T> MethodIds<T> acrossLoaders(IntFunction<T[]> newArray, Consumer<T[]> publish) {
    return new MethodIds<>(false, newArray, publish);
  }

  /** Ids per class loader and method; otherwise as {@link #acrossLoaders}. */
  public static <T> MethodIds<T> perLoader(IntFunction<T[]> newArray, Consumer<T[]> publish) {
    return new MethodIds<>(true, newArray, publish);
  }

  /**
   * Returns the id of the method of {@code key} in {@code loader} ({@code null}: the bootstrap
   * loader; ignored {@link #acrossLoaders}), registering it on first sight. Called at transform
   * time.
   *
   * @param keep whether the object registered before still serves; if not, {@code create} makes a
   *     new one under the same id
   * @param create makes the method's object, given its id
   */
  public synchronized int register(
      ClassLoader loader, String key, Predicate<? super T> keep, IntFunction<? extends T> create) {
    Map<String, Integer> ids = perLoader && loader != null ? idsOf(loader) : shared;
    Integer existing = ids.get(key);
    if (existing != null && keep.test(table[existing])) {
      return existing;
    }
    int id = existing != null ? existing : count++;
    // A slot callers may read already is replaced in a copy; a new id's slot nobody reads yet.
    T[] next = existing != null ? table.clone() : table;
    if (id >= next.length) {
      next = Arrays.copyOf(next, next.length * 2);
      woven = Arrays.copyOf(woven, next.length);
    }
    next[id] = create.apply(id);
    ids.put(key, id);
    table = next;
    publish.accept(next); // the volatile write that publishes the method to the advice
    return id;
  }

  private Map<String, Integer> idsOf(ClassLoader loader) {
    Map<String, Integer> ids = byLoader.get(loader);
    if (ids == null) {
      ids = new HashMap<>();
      byLoader.put(loader, ids);
    }
    return ids;
  }

  /**
   * A {@code keep} for {@link #register} that keeps whatever was registered before (timing,
   * offload: a method's object fits whatever options it was registered under).
   */
  @SuppressWarnings("unchecked")
  public static <T> Predicate<T> keepAny() {
    return (Predicate<T>) KeepAny.INSTANCE;
  }

  /**
   * A class rather than a lambda, as the sinks' {@code create} functions are: registration runs on
   * the application's thread that loads the first woven class, often during its start, where
   * linking a lambda's call site costs about a millisecond of mostly interpreted JDK code (on JDK
   * 25, whose lambdas are spun with the class-file API) and a class from the agent's jar next to
   * nothing.
   */
  private static final class KeepAny implements Predicate<Object> {
    static final KeepAny INSTANCE = new KeepAny();

    @Override
    public boolean test(Object existing) {
      return true;
    }
  }

  /** Marks the method as woven into at least one class: only such methods appear in reports. */
  public synchronized void woven(int id) {
    if (id >= 0 && id < count) {
      woven[id] = true;
    }
  }

  /** The id of the method of {@code key} in {@code loader}, or -1 if it was never registered. */
  public synchronized int idOf(ClassLoader loader, String key) {
    Integer id = ids(loader).get(key);
    return id == null ? -1 : id;
  }

  /** Whether the method of {@code key} in {@code loader} is woven into some class. */
  public synchronized boolean isWoven(ClassLoader loader, String key) {
    Integer id = ids(loader).get(key);
    return id != null && woven[id];
  }

  /** The objects of every woven method, in registration order. */
  public synchronized List<T> woven() {
    List<T> methods = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      if (woven[id]) {
        methods.add(table[id]);
      }
    }
    return methods;
  }

  /** The objects of every registered method, woven or not, in registration order. */
  public synchronized List<T> registered() {
    return new ArrayList<>(Arrays.asList(table).subList(0, count));
  }

  /** How many methods were registered. */
  public synchronized int count() {
    return count;
  }

  /** The ids of {@code loader}'s methods, without creating a map for a loader never seen. */
  private Map<String, Integer> ids(ClassLoader loader) {
    return perLoader && loader != null ? byLoader.getOrDefault(loader, Map.of()) : shared;
  }
}
