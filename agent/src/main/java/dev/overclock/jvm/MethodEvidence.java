package dev.overclock.jvm;

/**
 * What the recorded events say about one method so far: how often it was on the stack of an
 * execution sample, and how long threads waited in blocking events with it on the stack.
 *
 * @param samples execution samples with the method anywhere on the stack
 * @param selfSamples samples in which it was the innermost application frame
 * @param lockNanos time in monitor enter, park and wait events with it on the stack
 * @param ioNanos time in socket and file read/write events with it on the stack
 * @param sleepNanos time in {@code Thread.sleep} events with it on the stack
 * @param blockingEvents how many blocking events those times come from
 * @param virtualThreadEvents of those, the ones on virtual threads
 * @param ioSamples of {@code samples}, those whose innermost frames (the JDK code above the
 *     innermost non-JDK frame) were file or network I/O: the method reads or writes outside memory
 */
public record MethodEvidence(
    long samples,
    long selfSamples,
    long lockNanos,
    long ioNanos,
    long sleepNanos,
    long blockingEvents,
    long virtualThreadEvents,
    long ioSamples) {

  public static final MethodEvidence NONE = new MethodEvidence(0, 0, 0, 0, 0, 0, 0, 0);

  /** All blocked time. */
  public long blockedNanos() {
    return lockNanos + ioNanos + sleepNanos;
  }

  /** The figures gathered since {@code earlier} was taken. */
  public MethodEvidence since(MethodEvidence earlier) {
    return new MethodEvidence(
        samples - earlier.samples,
        selfSamples - earlier.selfSamples,
        lockNanos - earlier.lockNanos,
        ioNanos - earlier.ioNanos,
        sleepNanos - earlier.sleepNanos,
        blockingEvents - earlier.blockingEvents,
        virtualThreadEvents - earlier.virtualThreadEvents,
        ioSamples - earlier.ioSamples);
  }
}
