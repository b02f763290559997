package dev.overclock.bootstrap;

import java.time.Duration;

/**
 * Thrown to the caller of an offloaded method whose body did not finish within its {@code
 * timeout}; the body's thread has been interrupted.
 *
 * <p>Unchecked, so that any method can throw it. It lives in the agent's bootstrap package, which
 * the agent defines in the bootstrap class loader: every class loader sees this one class, so
 * {@code catch (OffloadTimeoutException e)} works in any application, web application or plugin,
 * whether or not it has the annotations jar. To compile such a catch, put {@code
 * overclock-agent.jar} on the compile class path only (Maven scope {@code provided}).
 */
public final class OffloadTimeoutException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final Duration timeout;

  public OffloadTimeoutException(String method, Duration timeout, String message) {
    super(message);
    this.method = method;
    this.timeout = timeout;
  }

  /** The method that timed out, as {@code com.acme.Client::fetch(String)}. */
  public String method() {
    return method;
  }

  /** The timeout it exceeded. */
  public Duration timeout() {
    return timeout;
  }
}
