package dev.overclock.jvm;

import java.util.List;

/**
 * The execution samples of one window, counted per application method: what hot-method
 * detection ranks.
 *
 * @param samples every execution sample of the window, whatever its frames
 * @param methods application methods seen in the window
 */
public record SampleWindow(long samples, List<Counted> methods) {

  public SampleWindow {
    methods = List.copyOf(methods);
  }

  /**
   * One method's samples in the window.
   *
   * @param self samples in which it was the innermost application frame
   * @param total samples in which it was anywhere on the stack
   */
  public record Counted(Frame method, long self, long total) {}
}
