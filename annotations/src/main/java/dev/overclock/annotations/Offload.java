package dev.overclock.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the Overclock agent to run the annotated method's body on another thread: a new virtual
 * thread per call on JDK 21 and later, a bounded pool of platform threads on JDK 17 to 20.
 *
 * <p>Without the agent this annotation does nothing: the method runs on its caller's thread, as
 * written. With {@code -javaagent:overclock-agent.jar}, what the caller sees depends on the return
 * type:
 *
 * <ul>
 *   <li>{@code CompletableFuture}, {@code CompletionStage} or {@code Future}: the caller gets a
 *       {@code CompletableFuture} at once, while the body runs. The future the body returns is
 *       flattened into it (it completes when that one does); an exception the body throws
 *       completes it exceptionally with that very instance.
 *   <li>{@code void}: fire and forget. The caller goes on at once; an exception the body throws
 *       is never lost silently: the agent counts it per method, shows it in the report and prints
 *       it, at most once a minute per method.
 *   <li>anything else: the caller waits for the body, at most {@link #timeout}. The result, and
 *       any exception the body throws (checked or not, the same instance), reach the caller
 *       unchanged. After the timeout the body's thread is interrupted and the caller gets an
 *       unchecked {@code dev.overclock.bootstrap.OffloadTimeoutException} naming the method and
 *       the timeout.
 * </ul>
 *
 * <p>A call of the same method from inside its offloaded body runs directly. State kept in
 * {@code ThreadLocal}s does not follow the call to the other thread, and CPU-bound work gains
 * nothing: offload pays off for bodies that wait (I/O, sleeps, remote calls). The exception types
 * ({@code dev.overclock.bootstrap.OffloadTimeoutException}, {@code
 * dev.overclock.bootstrap.OffloadRejectedException}) are defined by the agent in the bootstrap
 * class loader, so every class loader can catch them by type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Offload {

  /**
   * How long the body may run, in the agent's duration notation: {@code 500ms}, {@code 30s},
   * {@code 5m}. Empty (the default): the {@code offload.timeout} option, unset by default (no
   * limit). A body that exceeds it is interrupted; a waiting caller gets {@code
   * OffloadTimeoutException}, a future completes exceptionally with it.
   */
  String timeout() default "";

  /**
   * How many bodies of this method may run at once; calls beyond it wait for one to finish (up to
   * {@link #queueTimeout}). {@code 0} (the default): the {@code offload.concurrency} option, no
   * limit unless it is set.
   */
  int maxConcurrency() default 0;

  /**
   * How long a call waits for a free slot when {@link #maxConcurrency} bodies are running, in the
   * agent's duration notation ({@code 0} rejects at once); then it gets {@code
   * OffloadRejectedException} (a future completes exceptionally with it). Empty (the default):
   * the {@code offload.queue.timeout} option, no limit unless it is set. A waiting caller of a
   * future-returning or {@code void} method does not wait itself: its body's thread does.
   */
  String queueTimeout() default "";
}
