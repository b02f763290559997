package dev.overclock.metrics;

import dev.overclock.bootstrap.ArgumentSink;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's {@link ArgumentSink}: hashes the arguments of one call in N of the methods it was
 * asked to sample, and counts how many distinct argument tuples it saw, to estimate how often a
 * cache would hit (MemoizeIt's evidence for memoization).
 *
 * <h2>Cost</h2>
 *
 * Only methods the agent chose (CPU-bound, timed) are sampled, and only until {@code target}
 * calls were hashed. An unsampled call costs an array read and a decrement of a per-method
 * countdown; the countdown is shared by threads without synchronisation, which at worst samples a
 * little more or less often than one in N. A sampled call hashes its arguments: their own {@code
 * hashCode}, the receiver's identity. Memory: at most {@code target} hashes per method.
 *
 * <h2>What the hash means</h2>
 *
 * Two calls count as repeats when the receiver is the same object and every argument has the
 * same {@code hashCode} (arrays by content, one level deep). Arguments whose class keeps the
 * identity hash never repeat, so such methods are never called memoizable; a hash collision can
 * make distinct arguments look equal, which 64-bit mixing makes rare.
 */
public final class ArgumentSamples implements ArgumentSink {

  private volatile Sampler[] samplers = new Sampler[64];

  /**
   * Starts sampling a method (again: earlier samples are dropped).
   *
   * @param every hash one call in this many
   * @param target stop after this many hashed calls
   */
  public synchronized void start(int methodId, int every, int target) {
    Sampler[] current = samplers;
    if (methodId >= current.length) {
      current = Arrays.copyOf(current, Math.max(methodId + 1, current.length * 2));
    }
    current[methodId] = new Sampler(Math.max(1, every), Math.max(1, target));
    samplers = current;
  }

  /** Stops sampling a method; what was sampled stays readable. */
  public void finish(int methodId) {
    Sampler sampler = sampler(methodId);
    if (sampler != null) {
      sampler.done = true;
    }
  }

  /** What was sampled of the method, or {@code null} if it never was. */
  public ArgumentSummary summary(int methodId) {
    Sampler sampler = sampler(methodId);
    return sampler == null ? null : sampler.summary();
  }

  @Override
  public boolean wanted(int methodId) {
    Sampler sampler = sampler(methodId);
    return sampler != null && sampler.tick();
  }

  @Override
  public void sample(int methodId, Object self, Object[] arguments) {
    Sampler sampler = sampler(methodId);
    if (sampler != null) {
      sampler.add(hash(self, arguments));
    }
  }

  private Sampler sampler(int methodId) {
    Sampler[] current = samplers;
    return methodId >= 0 && methodId < current.length ? current[methodId] : null;
  }

  /** Mixes the receiver's identity and each argument's hash into 64 bits. */
  static long hash(Object self, Object[] arguments) {
    long hash = self == null ? 0x51ED27L : System.identityHashCode(self);
    if (arguments != null) {
      for (Object argument : arguments) {
        hash = (hash ^ valueHash(argument)) * 0x9E3779B97F4A7C15L;
        hash ^= hash >>> 29;
      }
    }
    return hash;
  }

  private static int valueHash(Object value) {
    if (value == null) {
      return 0;
    }
    try {
      if (value instanceof Object[]) {
        return Arrays.hashCode((Object[]) value);
      } else if (value instanceof int[]) {
        return Arrays.hashCode((int[]) value);
      } else if (value instanceof long[]) {
        return Arrays.hashCode((long[]) value);
      } else if (value instanceof byte[]) {
        return Arrays.hashCode((byte[]) value);
      } else if (value instanceof char[]) {
        return Arrays.hashCode((char[]) value);
      } else if (value instanceof double[]) {
        return Arrays.hashCode((double[]) value);
      } else if (value instanceof float[]) {
        return Arrays.hashCode((float[]) value);
      } else if (value instanceof short[]) {
        return Arrays.hashCode((short[]) value);
      } else if (value instanceof boolean[]) {
        return Arrays.hashCode((boolean[]) value);
      }
      return value.hashCode();
    } catch (RuntimeException | StackOverflowError failure) {
      // An application hashCode that throws: count the argument as never repeating.
      return System.identityHashCode(value);
    }
  }

  /** One method's sampling state. */
  private static final class Sampler {
    private final int every;
    private final int target;
    /** How many sampled calls had each argument tuple's hash. */
    private final Map<Long, Integer> distinct = new HashMap<>();
    private long singletons;
    private int countdown;
    private long sampled;
    volatile boolean done;

    Sampler(int every, int target) {
      this.every = every;
      this.target = target;
    }

    /** Racy by design (see the class comment): a lost update only shifts one sample. */
    boolean tick() {
      if (done) {
        return false;
      }
      if (--countdown > 0) {
        return false;
      }
      countdown = every;
      return true;
    }

    synchronized void add(long hash) {
      if (sampled >= target) {
        done = true;
        return;
      }
      sampled++;
      int seen = distinct.merge(hash, 1, Integer::sum);
      if (seen == 1) {
        singletons++;
      } else if (seen == 2) {
        singletons--;
      }
      if (sampled >= target) {
        done = true;
      }
    }

    synchronized ArgumentSummary summary() {
      return new ArgumentSummary(sampled, distinct.size(), done, singletons);
    }
  }
}
