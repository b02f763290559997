package org.example.workloads.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the JVM's own native threads, read from Linux's {@code /proc/self/task}: the JIT's
 * compiler threads and the garbage collector's, and JFR's and an agent's threads (a tool's cost
 * by thread). The process's CPU time mixes them with the
 * application's and any agent's; a tool that makes the JIT compile more (its own code, or the
 * application's again after changing it) shows here, where the process's total only says that
 * something cost more. On Linux each thread's {@code comm} names it (the JVM's names, cut to 15
 * characters: {@code C2 CompilerThre}, {@code GC Thread#0}) and its {@code stat} has its user and
 * system time in clock ticks (USER_HZ, 100 a second). Elsewhere nothing is read ({@link
 * #available} is false) and the RESULT line leaves the figures out.
 *
 * <p>The agent's {@code GcThreads} reads the same files; the workloads stand for applications
 * not written here and must not depend on the agent, so the few lines of parsing are their own.
 */
final class ThreadCpu {

  /** Nanoseconds in a clock tick of {@code /proc/<pid>/task/<tid>/stat} (USER_HZ = 100). */
  static final long TICK_NANOS = 10_000_000L;

  /**
   * Ticks per thread id and kind at one moment: the JIT's, the collector's, JFR's ({@code JFR
   * ...}: its recorder, periodic tasks and native sampler, and a stream's own thread) and an
   * agent's named {@code overclock-...} (Overclock's threads; not its offload workers, which run
   * the application's methods).
   */
  record Reading(Map<String, Long> jit, Map<String, Long> gc, Map<String, Long> jfr,
      Map<String, Long> agent) {}

  private final Path tasks;

  ThreadCpu() {
    this(Path.of("/proc/self/task"));
  }

  /** @param tasks a folder laid out like {@code /proc/self/task} */
  ThreadCpu(Path tasks) {
    this.tasks = tasks;
  }

  boolean available() {
    return Files.isDirectory(tasks);
  }

  /** Whether a thread of this name is one of the JIT's compiler threads. */
  static boolean isJit(String name) {
    return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
        || name.startsWith("JVMCI");
  }

  /** Whether a thread of this name works for the garbage collector. */
  static boolean isGc(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZWorker")
        || name.startsWith("ZDriver") || name.startsWith("ZDirector")
        || name.startsWith("Shenandoah");
  }

  /** Whether a thread of this name is JFR's (cut to 15 characters: {@code JFR Thread Samp}). */
  static boolean isJfr(String name) {
    return name.startsWith("JFR ");
  }

  /** Whether a thread of this name is an Overclock agent's own (not an offload worker). */
  static boolean isAgent(String name) {
    return name.startsWith("overclock-")
        && (!name.startsWith("overclock-offlo") || name.startsWith("overclock-offload-t"));
  }

  /** The compiler, collector, JFR and agent threads' ticks now; empty where they cannot be read. */
  Reading read() {
    Map<String, Long> jit = new HashMap<>();
    Map<String, Long> gc = new HashMap<>();
    Map<String, Long> jfr = new HashMap<>();
    Map<String, Long> agent = new HashMap<>();
    String[] ids = tasks.toFile().list();
    if (ids != null) {
      for (String id : ids) {
        String name = read(id, "comm");
        if (name == null) {
          continue; // ended meanwhile
        }
        name = name.strip();
        Map<String, Long> kind = isJit(name) ? jit : isGc(name) ? gc : isJfr(name) ? jfr
            : isAgent(name) ? agent : null;
        long ticks = kind == null ? -1 : ticks(read(id, "stat"));
        if (ticks >= 0) {
          kind.put(id, ticks);
        }
      }
    }
    return new Reading(jit, gc, jfr, agent);
  }

  /**
   * Nanoseconds the threads of one kind took between two readings: a thread that started in
   * between counts from its start, one that ended loses its time since the first reading.
   */
  static long nanosBetween(Map<String, Long> before, Map<String, Long> after) {
    long ticks = 0;
    for (Map.Entry<String, Long> thread : after.entrySet()) {
      ticks += Math.max(0, thread.getValue() - before.getOrDefault(thread.getKey(), 0L));
    }
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
