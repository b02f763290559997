package dev.overclock.bootstrap;

/**
 * What an offloaded call hands back to the calling thread: the value the method returns, or the
 * exception it throws. The exit advice reads the two fields; nothing else.
 *
 * <p>Fields, not methods: the advice copied into application classes reads them with two field
 * loads, and the class names nothing but JDK types.
 */
public final class OffloadCall {

  /** The value to return (boxed); ignored when {@link #thrown} is set. */
  public final Object value;

  /** The exception to throw, the very instance the body threw; {@code null} to return. */
  public final Throwable thrown;

  public OffloadCall(Object value, Throwable thrown) {
    this.value = value;
    this.thrown = thrown;
  }
}
