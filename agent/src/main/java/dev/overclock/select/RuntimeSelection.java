package dev.overclock.select;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Methods added to a selection while the application runs (the hot methods sampling found, say),
 * each named exactly by class, name and descriptor, with a line saying why it was added.
 *
 * <p>The transformer reads it for every class it considers, from any thread, while the agent's
 * detector writes it a few times a minute at most. Writers copy the map and publish the copy
 * through a {@code volatile} field, so a read is one volatile load of an immutable map and never
 * blocks: a class load never waits for the detector.
 */
public final class RuntimeSelection {

  /** Binary class name to (method name + descriptor) to the reason it was added. */
  private volatile Map<String, Map<String, String>> byClass = Map.of();

  /**
   * Adds a method.
   *
   * @param reason one line for logs, JFR events and the report: why it was added
   * @return false when it was already there
   */
  public synchronized boolean add(
      String className, String methodName, String descriptor, String reason) {
    Map<String, String> methods = byClass.getOrDefault(className, Map.of());
    String key = methodName + descriptor;
    if (methods.containsKey(key)) {
      return false;
    }
    Map<String, String> changedMethods = new HashMap<>(methods);
    changedMethods.put(key, reason);
    Map<String, Map<String, String>> changed = new HashMap<>(byClass);
    changed.put(className, Map.copyOf(changedMethods));
    byClass = Map.copyOf(changed);
    return true;
  }

  /** Removes a method; returns false when it was not there. */
  public synchronized boolean remove(String className, String methodName, String descriptor) {
    Map<String, String> methods = byClass.get(className);
    String key = methodName + descriptor;
    if (methods == null || !methods.containsKey(key)) {
      return false;
    }
    Map<String, String> changedMethods = new HashMap<>(methods);
    changedMethods.remove(key);
    Map<String, Map<String, String>> changed = new HashMap<>(byClass);
    if (changedMethods.isEmpty()) {
      changed.remove(className);
    } else {
      changed.put(className, Map.copyOf(changedMethods));
    }
    byClass = Map.copyOf(changed);
    return true;
  }

  /** Whether some method of the class was added. */
  public boolean hasClass(String className) {
    return byClass.containsKey(className);
  }

  /** Whether this exact method was added. */
  public boolean contains(String className, String methodName, String descriptor) {
    return reason(className, methodName, descriptor) != null;
  }

  /** Why the method was added, or {@code null} when it was not. */
  public String reason(String className, String methodName, String descriptor) {
    if (descriptor == null) {
      return null;
    }
    Map<String, String> methods = byClass.get(className);
    return methods == null ? null : methods.get(methodName + descriptor);
  }

  /** How many methods were added and not removed. */
  public int size() {
    int size = 0;
    for (Map<String, String> methods : byClass.values()) {
      size += methods.size();
    }
    return size;
  }

  /** The classes with added methods. */
  public Set<String> classes() {
    return byClass.keySet();
  }
}
