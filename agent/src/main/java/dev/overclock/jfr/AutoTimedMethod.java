package dev.overclock.jfr;

import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import dev.overclock.select.RuntimeSelection;
import java.time.Instant;
import java.util.Set;

/**
 * One method {@code auto=timing} chose: why it was chosen, and whether it is still timed. Its own
 * class because the detector, the cost guard, the never-returned check and the shedder all read
 * it and may take it out again (see {@link #remove}).
 */
final class AutoTimedMethod {
  final Frame method;
  final Instant addedAt;
  final long addedNanos;
  final double selfShare;
  final double totalShare;
  final long samples;
  final long windowSamples;
  final boolean boundary;
  /** Set for a method chosen for its waiting: its threads' time in the window's blocking events. */
  final SampleWindow.Waited waited;
  /**
   * Set for a caller of hot code (see {@link HotMethodDetector#timeCallers}): the share of the
   * window's samples in it or the application methods it called directly; 0 otherwise.
   */
  double callingShare;
  /**
   * Set for a caller timed in the place of a hot method it calls from a loop (see {@link
   * AutoTimingRules#loopCaller}): that method; {@code null} otherwise.
   */
  Frame standsFor;
  /** The share of the window's samples {@link #standsFor} had as its own. */
  double standsForShare;
  String state = "timed";
  String note;
  int idleWindows;
  /** Whether the cost guard took it out (then it may be timed again: see {@link #requalified}). */
  boolean cutByCostGuard;
  /** The detector's window the cost guard took it out in. */
  long cutInWindow;
  /**
   * How many times it was timed again after the cost guard took it out, at most {@link
   * HotMethodDetector#MAX_REQUALIFY} (under {@code auto=optimize} only).
   */
  int requalified;
  /** Its calls counted before it was timed this time (those of an earlier time it was timed). */
  long callsBefore;

  AutoTimedMethod(Frame method, Instant addedAt, long addedNanos, double selfShare,
      double totalShare, long samples, long windowSamples, boolean boundary,
      SampleWindow.Waited waited) {
    this.boundary = boundary;
    this.waited = waited;
    this.method = method;
    this.addedAt = addedAt;
    this.addedNanos = addedNanos;
    this.selfShare = selfShare;
    this.totalShare = totalShare;
    this.samples = samples;
    this.windowSamples = windowSamples;
  }

  boolean timed() {
    return state.equals("timed");
  }

  /**
   * Takes the method out of the run-time additions with {@code note} as the report's reason; its
   * class joins {@code classes}, retransformed at the end of the window.
   */
  void remove(String note, RuntimeSelection additions, Set<String> classes) {
    state = "removed";
    this.note = note;
    additions.remove(method.className(), method.methodName(), method.descriptor());
    classes.add(method.className());
  }
}
