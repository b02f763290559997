package dev.overclock.memo;

/**
 * How many memoized computations the current thread owns right now (misses it registered in
 * flight and has not finished). A thread that owns one never waits for another thread's: that is
 * the rule that keeps single-flight free of deadlocks (see {@link MemoMethod}).
 *
 * <p>Only its own thread touches an instance. If an exit is ever lost (a {@link
 * StackOverflowError} that hits the exit advice itself), the count stays too high and the thread
 * merely stops waiting for others: duplicate work, never a wrong result or a hang.
 */
final class ThreadClaims {

  int owned;
}
