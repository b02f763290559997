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
 * application's own method bodies; while the live stream runs, JFR's threads count too: they
 * exist for the stream (or for a recording the user started, which then shares them): its Java
 * threads ({@code JFR Recorder Thread}, {@code JFR Periodic Tasks}) read here, its native
 * sampler thread, which {@code ThreadMXBean} does not see, from {@code /proc} ({@link
 * NativeThreads#jfrSampler}; it is the stream's largest thread on a workload that computes: on
 * the cpu workload about 5 ms a second against 1 ms for the stream's own thread). A thread that
 * ended between two readings loses its CPU since the last reading.
 *
 * <p>Also the bytes the agent's threads allocated, and every thread's (for the garbage
 * collector's work on the agent's behalf, see {@link OverheadGovernor.Costs#agentGcCpuNanos}),
 * read in the same pass; a JVM that does not tell allocations counts them as 0.
 *
 * <p>Thread ids are never reused, so each thread's name is looked up once.
 */
final class AgentThreads {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean jfrThreads;
  /** JFR's native sampler thread while the stream runs, else {@code null}. */
  private final NativeThreads jfrSampler;
  private final Set<Long> agent = new HashSet<>();
  private final Map<Long, String> names = new HashMap<>(); // the agent's threads'
  // CPU time of each of the agent's threads in the last reading, kept only for verbose mode's line
  private final Map<String, Long> lastByThread = new java.util.TreeMap<>();
  private long lastSampler;

  /**
   * JFR's native sampler's CPU time comes from {@code /proc} in 10 ms ticks: a sampler taking 2 ms
   * a second shows as 10 ms every fifth period, and on a lightly loaded server that one tick
   * alone (1.5% of 650 ms of application CPU) put a period over the 1% budget and made the
   * governor shed a step for nothing. Each reading is spread over the periods that follow: a
   * period counts this share of what is not counted yet ({@link #samplerCarry}), so a steady
   * sampler is counted at its rate and a tick adds at most a quarter of itself to one period.
   * What is still carried when the agent stops (about three periods of the sampler's rate) is
   * not counted.
   */
  static final int SAMPLER_SPREAD = 4;

  private boolean samplerRead;
  private long samplerCarry;
  private final Set<Long> others = new HashSet<>();
  private final Map<Long, Long> lastCpu = new HashMap<>();
  private final Map<Long, Long> lastAllocated = new HashMap<>();
  private final boolean supported;
  // null where the JVM does not tell allocated bytes
  private final com.sun.management.ThreadMXBean allocations;
  private long agentAllocated;
  private long lastTotalAllocated = -1;

  /** @param jfrThreads whether the live stream runs (then JFR's threads are the agent's) */
  AgentThreads(boolean jfrThreads) {
    this(jfrThreads, jfrThreads ? NativeThreads.jfrSampler() : null);
  }

  /**
   * @param jfrThreads whether the live stream runs (then JFR's Java threads are the agent's)
   * @param jfrSampler JFR's native sampler thread, or {@code null} (tests hand over their own)
   */
  AgentThreads(boolean jfrThreads, NativeThreads jfrSampler) {
    this.jfrThreads = jfrThreads;
    this.jfrSampler = jfrSampler;
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
    com.sun.management.ThreadMXBean bytes = null;
    try {
      if (threads instanceof com.sun.management.ThreadMXBean sun
          && sun.isThreadAllocatedMemorySupported()) {
        if (!sun.isThreadAllocatedMemoryEnabled()) {
          sun.setThreadAllocatedMemoryEnabled(true);
        }
        bytes = sun;
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      bytes = null;
    }
    allocations = bytes;
  }

  /** Whether thread CPU time can be read in this JVM (else the agent's threads count as 0). */
  boolean supported() {
    return supported;
  }

  /**
   * CPU time the agent's threads took since the previous call (since they started, at first),
   * JFR's native sampler included while the stream runs.
   */
  long cpuSinceLast() {
    long read = jfrSampler == null ? 0 : jfrSampler.cpuSinceLast();
    long sampler;
    if (!samplerRead) {
      samplerRead = true;
      sampler = read; // since the thread started: the start's, counted whole
    } else {
      samplerCarry += read;
      sampler = samplerCarry / SAMPLER_SPREAD;
      samplerCarry -= sampler;
    }
    lastSampler = sampler;
    return sampler + javaThreadsCpuSinceLast();
  }

  /**
   * The last reading of {@link #cpuSinceLast} by thread, largest first, for verbose mode's line
   * (names as the threads have them, JFR's native sampler as {@code JFR sampler (native)}); empty
   * outside verbose mode.
   */
  String lastByThread() {
    if (!dev.overclock.log.AgentLog.isVerbose()) {
      return "";
    }
    java.util.List<Map.Entry<String, Long>> all = new java.util.ArrayList<>(lastByThread.entrySet());
    if (lastSampler > 0) {
      all.add(Map.entry("JFR sampler (native)", lastSampler));
    }
    all.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Long> thread : all) {
      if (thread.getValue() <= 0) {
        continue;
      }
      text.append(text.length() == 0 ? "" : ", ").append(thread.getKey()).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.1f ms", thread.getValue() / 1e6));
    }
    return text.toString();
  }

  private long javaThreadsCpuSinceLast() {
    if (!supported) {
      return 0;
    }
    long[] ids = threads.getAllThreadIds();
    long[] unknown = unknownIds(ids);
    if (unknown.length > 0) {
      for (ThreadInfo info : threads.getThreadInfo(unknown, 0)) {
        if (info != null) {
          boolean ours = isAgentThread(info.getThreadName());
          (ours ? agent : others).add(info.getThreadId());
          if (ours) {
            names.put(info.getThreadId(), info.getThreadName());
          }
        }
      }
    }
    long sum = 0;
    long allocated = 0;
    boolean byThread = dev.overclock.log.AgentLog.isVerbose();
    lastByThread.clear();
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
      if (byThread) {
        lastByThread.merge(names.getOrDefault(id, "thread " + id), cpu - (last == null ? 0 : last),
            Long::sum);
      }
      long bytes = allocations == null ? -1 : allocations.getThreadAllocatedBytes(id);
      if (bytes >= 0) {
        Long lastBytes = lastAllocated.put(id, bytes);
        allocated += Math.max(0, bytes - (lastBytes == null ? 0 : lastBytes));
      }
    }
    agentAllocated = allocated;
    lastCpu.keySet().retainAll(alive);
    lastAllocated.keySet().retainAll(alive);
    agent.retainAll(alive);
    names.keySet().retainAll(alive);
    others.retainAll(Set.of(box(ids)));
    return sum;
  }

  /** Bytes the agent's threads allocated between the last two calls of {@link #cpuSinceLast}. */
  long agentAllocatedInLast() {
    return agentAllocated;
  }

  /**
   * Bytes every thread allocated since the previous call (since the JVM started, at first; ended
   * threads included), or 0 where the JVM does not tell.
   */
  long allAllocatedSinceLast() {
    if (allocations == null) {
      return 0;
    }
    long total;
    try {
      total = allocations.getTotalThreadAllocatedBytes();
    } catch (UnsupportedOperationException e) {
      return 0;
    }
    if (total < 0) {
      return 0;
    }
    long since = lastTotalAllocated < 0 ? total : Math.max(0, total - lastTotalAllocated);
    lastTotalAllocated = total;
    return since;
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
