package com.acme.shop;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factory giving the demo's threads readable names ({@code shop-cpu-1}, {@code shop-io-3},
 * ...), so the agent's per-thread views and thread dumps show which pool a thread belongs to.
 */
final class NamedThreads implements ThreadFactory {

  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger next = new AtomicInteger(1);

  NamedThreads(String prefix, boolean daemon) {
    this.prefix = prefix;
    this.daemon = daemon;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + next.getAndIncrement());
    thread.setDaemon(daemon);
    return thread;
  }
}
