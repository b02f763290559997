package dev.overclock.bootstrap;

/**
 * Thrown to the caller of an offloaded method (or completing its future) when {@code
 * maxConcurrency} bodies of the method were already running and no permit freed up within its
 * {@code queueTimeout}; the body did not run.
 *
 * <p>Unchecked, and defined in the bootstrap class loader like {@link OffloadTimeoutException},
 * so that every class loader can catch it by type.
 */
public final class OffloadRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final int maxConcurrency;

  public OffloadRejectedException(String method, int maxConcurrency, String message) {
    super(message);
    this.method = method;
    this.maxConcurrency = maxConcurrency;
  }

  /** The method that rejected the call, as {@code com.acme.Client::fetch(String)}. */
  public String method() {
    return method;
  }

  /** The limit that was reached. */
  public int maxConcurrency() {
    return maxConcurrency;
  }
}
