package dev.overclock.governor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * CPU time of some of the JVM's native threads, chosen by name, read from Linux's {@code
 * /proc/self/task}: the garbage collector's ({@link #collector}) and JFR's sampler ({@link
 * #jfrSampler}).
 *
 * <p>These are native threads, not Java ones: {@code ThreadMXBean} does not see them, and the
 * process's CPU time mixes them with the JIT's and the application's. On Linux each thread's
 * {@code comm} names it (cut to 15 characters: {@code GC Thread#0}, {@code G1 Conc#0}, {@code G1
 * Refine#0}, {@code G1 Main Marker}, {@code G1 Service}, ZGC's {@code ZWorker#0} and {@code
 * ZDriver}, Shenandoah's; JFR's {@code JFR Thread Samp} on JDK 17 to 21, {@code JFR Sampler Thr}
 * on JDK 25) and its {@code stat} has its user and system time in clock ticks (USER_HZ, 100 a
 * second on every Linux the JDK runs on). Elsewhere, or where {@code /proc} cannot be read, the
 * figure is 0: the threads' work is then not counted, as before. The serial collector works on
 * the {@code VM Thread}, which also runs other safepoint operations: not counted either.
 *
 * <p>Each thread's name is read once (thread ids are not reused while the thread lives; one that
 * ended is forgotten). A thread that ended between two readings loses its CPU since the last
 * reading; one that started counts from its start.
 */
final class NativeThreads {

  /** Nanoseconds in a clock tick of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ = 100). */
  static final long TICK_NANOS = 10_000_000L;

  private final Path tasks;
  private final Predicate<String> kind;
  private final Set<String> chosen = new HashSet<>();
  private final Set<String> others = new HashSet<>();
  private final Map<String, Long> lastTicks = new HashMap<>();
  private boolean broken;
  private int sinceListing = RELIST_READINGS; // the first reading lists

  /**
   * Readings between two listings of the threads. Listing {@code /proc/self/task} (a hundred
   * entries and more) is most of a reading's cost, and a reading runs once a second, so its code
   * stays interpreted: in between, only the chosen threads' own {@code stat} files are read. A
   * thread started meanwhile is counted from its start once listed; when a chosen thread's file
   * cannot be read (it ended), the same reading lists again.
   */
  static final int RELIST_READINGS = 10;

  /**
   * @param tasks a folder laid out like {@code /proc/self/task} (tests hand over their own)
   * @param kind which threads to count, by their {@code comm} name
   */
  NativeThreads(Path tasks, Predicate<String> kind) {
    this.tasks = tasks;
    this.kind = kind;
  }

  /** The running JVM's garbage collector threads. */
  static NativeThreads collector() {
    return new NativeThreads(Path.of("/proc/self/task"), NativeThreads::isGcThread);
  }

  /**
   * The running JVM's JFR sampler thread: it stops each running Java thread every {@code
   * jfr.sampleinterval} and walks its stack, for the live stream (or for any recording that asks
   * for execution samples, which then shares it). JFR's other threads ({@code JFR Recorder
   * Thread}, {@code JFR Periodic Tasks}) are Java threads: {@link AgentThreads} counts them.
   */
  static NativeThreads jfrSampler() {
    return new NativeThreads(Path.of("/proc/self/task"), NativeThreads::isJfrSampler);
  }

  /**
   * Whether a thread of this name is JFR's native sampler (JDK 17-21 {@code JFR Thread
   * Sampler}, JDK 25 {@code JFR Sampler Thread}, and its CPU-time sampler where one runs).
   */
  static boolean isJfrSampler(String name) {
    return name.startsWith("JFR ") && name.contains("Samp");
  }

  /** Whether a thread of this name works for the garbage collector. */
  static boolean isGcThread(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZWorker")
        || name.startsWith("ZDriver") || name.startsWith("ZDirector")
        || name.startsWith("Shenandoah");
  }

  /**
   * CPU time the chosen threads took since the previous call (since they started, at first),
   * or 0 where it cannot be read.
   */
  long cpuSinceLast() {
    if (broken) {
      return 0;
    }
    if (sinceListing < RELIST_READINGS) {
      sinceListing++;
      // all read before any is counted: a thread that cannot be read makes this reading list
      Map<String, Long> current = new HashMap<>();
      for (String id : chosen) {
        long now = ticks(read(id, "stat"));
        if (now < 0) {
          return listedSinceLast(); // ended, or unreadable: the threads are listed again now
        }
        current.put(id, now);
      }
      long ticks = 0;
      for (Map.Entry<String, Long> thread : current.entrySet()) {
        Long last = lastTicks.put(thread.getKey(), thread.getValue());
        ticks += Math.max(0, thread.getValue() - (last == null ? 0 : last));
      }
      return ticks * TICK_NANOS;
    }
    return listedSinceLast();
  }

  /** {@link #cpuSinceLast} after listing the threads again. */
  private long listedSinceLast() {
    sinceListing = 1;
    String[] ids = tasks.toFile().list();
    if (ids == null) {
      broken = true; // no /proc here: never tried again
      return 0;
    }
    Set<String> alive = new HashSet<>();
    long ticks = 0;
    for (String id : ids) {
      if (others.contains(id)) {
        alive.add(id);
        continue;
      }
      if (!chosen.contains(id)) {
        String name = read(id, "comm");
        if (name == null) {
          continue; // ended meanwhile
        }
        (kind.test(name.strip()) ? chosen : others).add(id);
        if (!chosen.contains(id)) {
          alive.add(id);
          continue;
        }
      }
      long now = ticks(read(id, "stat"));
      if (now < 0) {
        continue;
      }
      alive.add(id);
      Long last = lastTicks.put(id, now);
      ticks += Math.max(0, now - (last == null ? 0 : last));
    }
    chosen.retainAll(alive);
    others.retainAll(alive);
    lastTicks.keySet().retainAll(alive);
    return ticks * TICK_NANOS;
  }

  /** utime + stime from a {@code stat} line, or -1 when it cannot be parsed. */
  static long ticks(String stat) {
    if (stat == null) {
      return -1;
    }
    // the name, in parentheses, may hold spaces and parentheses: fields follow the last ')'
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return -1;
    }
    String[] fields = stat.substring(end + 1).trim().split(" ");
    // fields from the state on: state is field 3 of the line, utime 14 and stime 15
    if (fields.length < 13) {
      return -1;
    }
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String read(String id, String file) {
    try {
      return new String(Files.readAllBytes(tasks.resolve(id).resolve(file)),
          StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
