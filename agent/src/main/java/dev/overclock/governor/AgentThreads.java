package dev.overclock.governor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the agent's own threads, and of the whole process.
 *
 * <p>The agent's threads are those it names {@code overclock-...} (report, JFR stream, detector,
 * Prometheus, control channel, this governor), except the offload workers, which run the
 * application's own method bodies; while the live stream runs, JFR's Java threads ({@code JFR
 * ...}) count too: they exist for the stream (or for a recording the user started, which then
 * shares them). JFR's native recorder thread is not a Java thread and is not measured. A thread
 * that ended between two readings loses its CPU since the last reading.
 *
 * <p>Thread ids are never reused, so each thread's name is looked up once.
 */
final class AgentThreads {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean jfrThreads;
  private final Set<Long> agent = new HashSet<>();
  private final Set<Long> others = new HashSet<>();
  private final Map<Long, Long> lastCpu = new HashMap<>();
  private final boolean supported;

  AgentThreads(boolean jfrThreads) {
    this.jfrThreads = jfrThreads;
    boolean on = false;
    try {
      on = threads.isThreadCpuTimeSupported();
      if (on && !threads.isThreadCpuTimeEnabled()) {
        threads.setThreadCpuTimeEnabled(true);
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      on = false;
    }
    supported = on;
  }

  /** Whether thread CPU time can be read in this JVM (else the agent's threads count as 0). */
  boolean supported() {
    return supported;
  }

  /** CPU time the agent's threads took since the previous call (since they started, at first). */
  long cpuSinceLast() {
    if (!supported) {
      return 0;
    }
    long[] ids = threads.getAllThreadIds();
    long[] unknown = unknownIds(ids);
    if (unknown.length > 0) {
      for (ThreadInfo info : threads.getThreadInfo(unknown, 0)) {
        if (info != null) {
          (isAgentThread(info.getThreadName()) ? agent : others).add(info.getThreadId());
        }
      }
    }
    long sum = 0;
    Set<Long> alive = new HashSet<>();
    for (long id : ids) {
      if (!agent.contains(id)) {
        continue;
      }
      alive.add(id);
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue; // ended meanwhile
      }
      Long last = lastCpu.put(id, cpu);
      sum += cpu - (last == null ? 0 : last);
    }
    lastCpu.keySet().retainAll(alive);
    agent.retainAll(alive);
    others.retainAll(Set.of(box(ids)));
    return sum;
  }

  private long[] unknownIds(long[] ids) {
    int n = 0;
    long[] unknown = new long[ids.length];
    for (long id : ids) {
      if (!agent.contains(id) && !others.contains(id)) {
        unknown[n++] = id;
      }
    }
    return java.util.Arrays.copyOf(unknown, n);
  }

  private static Long[] box(long[] ids) {
    Long[] boxed = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      boxed[i] = ids[i];
    }
    return boxed;
  }

  boolean isAgentThread(String name) {
    if (name == null) {
      return false;
    }
    if (name.startsWith("overclock-")) {
      // offload workers run the application's bodies: that is the application's CPU
      return !name.startsWith("overclock-offload-") || name.equals("overclock-offload-timer");
    }
    return jfrThreads && name.startsWith("JFR ");
  }
}
