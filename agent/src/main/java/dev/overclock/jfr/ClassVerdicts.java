package dev.overclock.jfr;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A class-name test asked once per class: the live profile asks whether a frame's class is
 * application code for every frame of every event (about a tenth of the stream thread's CPU
 * when each answer walked the filters' prefixes again), while the answer for a class never
 * changes in a run ({@code include=}/{@code exclude=} and the class path are fixed).
 *
 * <p>At most {@link #MAX_CLASSES} answers are kept; later classes are tested each time, so that
 * a program that generates classes without end costs no memory here.
 */
final class ClassVerdicts implements Predicate<String> {

  static final int MAX_CLASSES = 50_000;

  private final Predicate<String> test;
  private final ConcurrentHashMap<String, Boolean> verdicts = new ConcurrentHashMap<>();

  ClassVerdicts(Predicate<String> test) {
    this.test = test;
  }

  @Override
  public boolean test(String className) {
    Boolean known = verdicts.get(className);
    if (known != null) {
      return known;
    }
    boolean verdict = test.test(className);
    if (verdicts.size() < MAX_CLASSES) {
      verdicts.put(className, verdict);
    }
    return verdict;
  }

  /** Answers kept so far. */
  int size() {
    return verdicts.size();
  }
}
