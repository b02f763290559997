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
 * @param waiting methods that waited in the window's blocking events, longest first (see {@link
 *     WaitingMethods}): the application methods that return, and the library calls made from
 *     those that never do
 * @param spans how many periods the execution samples were counted over: more than one when the
 *     periods before had too few samples to judge by ({@link JvmProfile#takeWindow(long, int)});
 *     the blocking events ({@code waiting}) are always one period's
 */
public record SampleWindow(
    long samples,
    List<Counted> methods,
    List<Counted> boundaries,
    Map<String, String> residents,
    List<Waited> waiting,
    int spans) {

  public SampleWindow {
    methods = List.copyOf(methods);
    boundaries = List.copyOf(boundaries);
    residents = Map.copyOf(residents);
    waiting = waiting == null ? List.of() : List.copyOf(waiting);
    spans = Math.max(1, spans);
  }

  /** A window of one period's execution samples. */
  public SampleWindow(long samples, List<Counted> methods, List<Counted> boundaries,
      Map<String, String> residents, List<Waited> waiting) {
    this(samples, methods, boundaries, residents, waiting, 1);
  }

  /** A window without blocking events. */
  public SampleWindow(
      long samples, List<Counted> methods, List<Counted> boundaries, Map<String, String> residents) {
    this(samples, methods, boundaries, residents, List.of());
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
   * @param calling samples in which it called the innermost application frame directly (it was
   *     the next application frame out): the time of the hot methods it calls
   * @param caller the application method that called it directly in more of its samples than any
   *     other (the next application frame out), or {@code null} (none seen, or not counted)
   * @param callerSamples in how many of its samples (of {@code total}) that caller called it
   */
  public record Counted(Frame method, long self, long total, long calling, Frame caller,
      long callerSamples) {

    /** Counts without callers' samples. */
    public Counted(Frame method, long self, long total) {
      this(method, self, total, 0);
    }

    /** Counts without its own caller. */
    public Counted(Frame method, long self, long total, long calling) {
      this(method, self, total, calling, null, 0);
    }
  }

  /**
   * One method's waits in the window.
   *
   * @param nanos time its threads waited, in blocking events of at least the stream's threshold
   * @param events how many blocking events
   * @param boundary whether it is a library call made from a frame that never returns
   */
  public record Waited(Frame method, long nanos, long events, boolean boundary) {}
}
