package dev.overclock.bootstrap;

/**
 * A cached result, as the memoization advice receives it: the advice skips the method body when
 * {@link MemoSink#enter} returns an instance of this class, and returns {@link #value} instead.
 *
 * <p>A class of the bridge because the advice tests for it with {@code instanceof} inside
 * application classes. The cache stores these objects themselves, so a hit allocates nothing, and
 * a {@code null} result is simply a hit whose value is {@code null}.
 */
public final class MemoHit {

  /** The cached result (boxed for a primitive return type); may be {@code null}. */
  public final Object value;

  public MemoHit(Object value) {
    this.value = value;
  }
}
