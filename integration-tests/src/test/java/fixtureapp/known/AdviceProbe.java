package fixtureapp.known;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts into the agent's bridge, while it is open, a memoization sink that would answer every
 * memoized call with {@link #SERVED} and counts the calls that reach it: after a detach, a call
 * that returns its own result and a count of 0 mean no memoization advice is left in the class,
 * so every call computes its result. (The way {@code fixtureapp.attach.AttachTarget} probes the
 * demo.) Without a bridge (no agent was ever loaded) it changes nothing and counts 0.
 */
final class AdviceProbe implements AutoCloseable {

  /** What the probe's sink answers, as a cached result, for every memoized call. */
  static final long SERVED = Long.MIN_VALUE;

  private final AtomicLong bridgeCalls = new AtomicLong();
  private final Method setMemo;

  private AdviceProbe(Method setMemo) {
    this.setMemo = setMemo;
  }

  static AdviceProbe open() throws ReflectiveOperationException {
    Class<?> dispatcher;
    Class<?> sinkType;
    Class<?> hitType;
    try {
      dispatcher = Class.forName("dev.overclock.bootstrap.Dispatcher", false, null);
      sinkType = Class.forName("dev.overclock.bootstrap.MemoSink", false, null);
      hitType = Class.forName("dev.overclock.bootstrap.MemoHit", false, null);
    } catch (ClassNotFoundException e) {
      return new AdviceProbe(null);
    }
    Object served = hitType.getConstructor(Object.class).newInstance(SERVED);
    AdviceProbe probe = new AdviceProbe(dispatcher.getMethod("setMemo", sinkType));
    Object sink = Proxy.newProxyInstance(AdviceProbe.class.getClassLoader(),
        new Class<?>[] {sinkType}, (proxy, method, arguments) -> {
          switch (method.getName()) {
            case "enter": case "enter1": case "enter2":
              probe.bridgeCalls.incrementAndGet();
              return served;
            case "hashCode":
              return 0;
            case "equals":
              return proxy == arguments[0];
            case "toString":
              return "probe";
            default:
              return null;
          }
        });
    probe.setMemo.invoke(null, sink);
    return probe;
  }

  /** Memoized calls that reached the bridge since {@link #open}. */
  long bridgeCalls() {
    return bridgeCalls.get();
  }

  /** Takes the probe's sink out of the bridge again (and leaves none). */
  @Override
  public void close() throws ReflectiveOperationException {
    if (setMemo != null) {
      setMemo.invoke(null, (Object) null);
    }
  }
}
