package dev.overclock.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;

/** {@code Executors.newVirtualThreadPerTaskExecutor()}, found at run time (compiled for 17). */
final class VirtualThreads {

  private VirtualThreads() {}

  /** The JDK's virtual-thread-per-task executor; fails on JDKs before 21. */
  static ExecutorService perTaskExecutor() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable e) {
      throw new UnsupportedOperationException("this JDK (" + Runtime.version().feature()
          + ") has no virtual threads: run this benchmark on JDK 21 or later", e);
    }
  }
}
