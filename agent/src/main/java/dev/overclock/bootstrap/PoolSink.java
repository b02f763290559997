package dev.overclock.bootstrap;

import java.util.concurrent.ThreadPoolExecutor;

/**
 * Decides, for each thread pool the application creates at a substituted call site, whether its
 * tasks may run on virtual threads, and hands back the {@link PoolLane} that runs them.
 *
 * <p>This interface lives on the bootstrap class path, so it may name JDK types only. The
 * implementation lives in the agent; {@link OverclockThreadPoolExecutor} reaches it through {@link
 * Dispatcher}.
 */
public interface PoolSink {

  /**
   * Called once, at the end of the pool's constructor.
   *
   * @param pool the new pool, fully constructed as the application asked
   * @param site where the application created it: {@code com.acme.Shop::start (Executors.newFixedThreadPool)}
   * @return the lane that takes the pool's tasks from now on, or {@code null} to leave the pool on
   *     its own platform threads for good
   */
  PoolLane adopt(ThreadPoolExecutor pool, String site);
}
