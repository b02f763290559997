package fixtureapp.memo;

import dev.overclock.annotations.Memoize;
import java.util.concurrent.atomic.AtomicInteger;

/** An instance method whose result depends on its receiver's (final) state. */
final class Scaler {

  static final AtomicInteger RUNS = new AtomicInteger();

  private final long factor;

  @Memoize
  Scaler(long factor) {
    this.factor = factor;
  }

  @Memoize(verify = 0, verifyRate = 0)
  long scale(long x) {
    RUNS.incrementAndGet();
    return x * factor;
  }
}
