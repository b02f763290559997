package dev.overclock.instrument.pools;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Creates pools the ways applications do; {@code ExecutorSiteTransformerTest} rewrites it. */
public final class PoolMaker {

  public static ExecutorService fixed() {
    return Executors.newFixedThreadPool(3);
  }

  public static ExecutorService cached() {
    return Executors.newCachedThreadPool(Executors.defaultThreadFactory());
  }

  public static ThreadPoolExecutor direct(boolean bigger) {
    // a conditional argument puts the uninitialized object into a stack map frame
    return new ThreadPoolExecutor(bigger ? 4 : 2, 8, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
  }

  public static ExecutorService single() {
    return Executors.newSingleThreadExecutor();
  }

  public static ThreadPoolExecutor subclass() {
    return new Counting();
  }

  /** A subclass: its super(..) call must stay a call of ThreadPoolExecutor's constructor. */
  public static final class Counting extends ThreadPoolExecutor {
    Counting() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }
  }
}
