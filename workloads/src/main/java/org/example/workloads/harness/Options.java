package org.example.workloads.harness;

import java.util.List;

/**
 * What a run was asked for on the command line.
 *
 * @param workload which application: {@code jdbc}, {@code cpu} or {@code http}
 * @param durationSeconds how long the clients send operations (setup and the checksum come on top)
 * @param warmupSeconds how long the clients send operations before that, not counted in the result
 * @param threads how many client threads
 * @param seed makes the data set and every client's sequence of operations repeatable
 * @param maxOpsPerThread a bound on each client's operations, whatever the duration
 * @param downstreamPool http: the server hands its downstream calls to a fixed pool of this many
 *     threads of its own (a bulkhead, as applications do); 0: it calls on the request's thread
 * @param phaseSeconds 0: one result for the measured load; more: also one result per phase of
 *     this many seconds over the whole load, warm-up included (when a tool's cost comes and goes)
 */
public record Options(
    String workload, double durationSeconds, double warmupSeconds, int threads, long seed,
    long maxOpsPerThread, int downstreamPool, double phaseSeconds) {

  public static final List<String> WORKLOADS = List.of("jdbc", "cpu", "http");

  public static final String USAGE = "usage: java -jar workloads.jar --workload jdbc|cpu|http"
      + " [--duration <seconds>, default 10] [--warmup <seconds>, default 0] [--threads <n>, default 4 for jdbc, 2 for cpu,"
      + " 8 for http] [--seed <n>, default 42] [--max-ops <n per thread>, default 10000000]"
      + " [--downstream-pool <threads>, http only, default 0: none]"
      + " [--phases <seconds>, default 0: none; a PHASE line per that many seconds of load]";

  /** Parses {@code --name value} pairs; throws {@link IllegalArgumentException} naming the problem. */
  public static Options parse(String[] args) {
    String workload = null;
    double duration = 10;
    double warmup = 0;
    int threads = -1;
    long seed = 42;
    long maxOps = 10_000_000;
    int downstreamPool = 0;
    double phases = 0;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      try {
        switch (args[i]) {
          case "--workload" -> workload = value;
          case "--duration" -> duration = Double.parseDouble(value);
          case "--warmup" -> warmup = Double.parseDouble(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--max-ops" -> maxOps = Long.parseLong(value);
          case "--downstream-pool" -> downstreamPool = Integer.parseInt(value);
          case "--phases" -> phases = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i] + " takes a number, not '" + value + "'");
      }
    }
    if (workload == null || !WORKLOADS.contains(workload)) {
      throw new IllegalArgumentException("--workload must be one of " + WORKLOADS
          + (workload == null ? "" : ", not '" + workload + "'"));
    }
    if (!(duration > 0) || duration > 3600) {
      throw new IllegalArgumentException("--duration must be between 0 and 3600 seconds");
    }
    if (!(warmup >= 0) || warmup > 3600) {
      throw new IllegalArgumentException("--warmup must be between 0 and 3600 seconds");
    }
    if (threads == -1) {
      threads = switch (workload) {
        case "cpu" -> 2;
        case "http" -> 8;
        default -> 4;
      };
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("--threads must be between 1 and 256");
    }
    if (maxOps < 1) {
      throw new IllegalArgumentException("--max-ops must be at least 1");
    }
    if (downstreamPool < 0 || downstreamPool > 256) {
      throw new IllegalArgumentException("--downstream-pool must be between 0 and 256");
    }
    // at least 0.1 s: a phase's CPU time is read in 10 ms ticks
    if (!(phases == 0 || phases >= 0.1 && phases <= 3600)) {
      throw new IllegalArgumentException("--phases must be 0 (none) or between 0.1 and 3600 seconds");
    }
    return new Options(workload, duration, warmup, threads, seed, maxOps, downstreamPool, phases);
  }
}
