package org.example.workloads.harness;

/**
 * An application under load: it builds its data set, hands out client sessions, and computes a
 * checksum that depends only on the seed.
 */
public interface Workload extends AutoCloseable {

  /** Builds the data set and starts whatever the clients talk to. */
  void start(Options options) throws Exception;

  /** One client's session; its operations are a repeatable sequence drawn from {@code seed}. */
  Session openSession(long seed) throws Exception;

  /**
   * The combined results of a fixed sequence of operations drawn from {@code seed}, run by one
   * thread on data in its initial state: equal for equal seeds, whatever the load before it did,
   * so a change of any result (by an optimization, say) changes it.
   */
  long checksum(long seed) throws Exception;

  @Override
  void close() throws Exception;

  /** A client: one operation per call, whose result is folded into a hash. */
  interface Session extends AutoCloseable {

    /** Runs the next operation and returns a hash of its result. */
    long next() throws Exception;

    /** Runs the next {@code operations} operations and folds their hashes, in order, into one. */
    default long fold(int operations) throws Exception {
      long hash = 0;
      for (int i = 0; i < operations; i++) {
        hash = hash * 31 + next();
      }
      return hash;
    }

    @Override
    default void close() throws Exception {}
  }
}
