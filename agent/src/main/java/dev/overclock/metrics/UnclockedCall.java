package dev.overclock.metrics;

/**
 * The state {@link TimingRecorders#enter} hands out for a call it counts without clocking (see
 * {@link TimingSampling}): the advice reads no clock for it, and its exit only counts it. One per
 * {@link ActiveMethod}, made with it, so an unclocked call allocates nothing.
 */
final class UnclockedCall {

  final ActiveMethod method;

  UnclockedCall(ActiveMethod method) {
    this.method = method;
  }
}
