package dev.overclock.metrics;

import dev.overclock.bootstrap.TimedCall;

/**
 * The state {@link TimingRecorders#enter} hands out for a call it counts without clocking (see
 * {@link TimingSampling}): the advice reads no clock for it ({@link TimedCall.Unclocked}), and its
 * exit only counts it. One per {@link ActiveMethod}, made with it, so an unclocked call allocates
 * nothing.
 */
final class UnclockedCall extends TimedCall.Unclocked {

  final ActiveMethod method;

  UnclockedCall(ActiveMethod method) {
    this.method = method;
  }

  @Override
  public void exit(long startNanos, Throwable thrown) {
    TimingRecorders.exitUnclocked(this, thrown);
  }
}
