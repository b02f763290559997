package dev.overclock.jvm;

import java.util.List;
import java.util.Map;

/**
 * The execution samples of one window, counted per application method: what hot-method
 * detection ranks.
 *
 * @param samples every execution sample of the window, whatever its frames
 * @param methods application methods seen in the window; a method that never returns ({@code
 *     residents}) keeps its total but no self samples: those went to the calls it makes
 * @param boundaries library methods called straight from a never-returning application method,
 *     with the samples that method would have had as its own ({@code self}): the calls where the
 *     application enters a library, timed in its place
 * @param residents application methods that never returned while watched, with why (see {@link
 *     ThreadRoots})
 */
public record SampleWindow(
    long samples, List<Counted> methods, List<Counted> boundaries, Map<String, String> residents) {

  public SampleWindow {
    methods = List.copyOf(methods);
    boundaries = List.copyOf(boundaries);
    residents = Map.copyOf(residents);
  }

  /** A window without boundary calls or never-returning methods. */
  public SampleWindow(long samples, List<Counted> methods) {
    this(samples, methods, List.of(), Map.of());
  }

  /**
   * One method's samples in the window.
   *
   * @param self samples in which it was the innermost application frame
   * @param total samples in which it was anywhere on the stack
   */
  public record Counted(Frame method, long self, long total) {}
}
