/**
 * Offload: runs the bodies of {@code @Offload} methods (and of those the {@code offload=} filters
 * select) on virtual threads, or on a bounded platform pool where the JDK has none, with
 * per-method timeouts, concurrency limits, failure accounting and pinning checks.
 *
 * <p>The advice ({@code instrument.OffloadInstrumentation}) hands each call to {@link
 * Offloader}, the {@code OffloadSink} behind {@code Dispatcher}; it re-invokes
 * the method on a worker thread, where a thread-local marks the task so that the re-invocation
 * (and any call of the same method from inside the body) runs the body as written.
 *
 * <p>Uses {@code bootstrap}, {@code config}, {@code metrics} and {@code log}.
 */
package dev.overclock.offload;
