package dev.overclock.report;

import dev.overclock.log.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The agent options that make {@code auto=optimize}'s proven changes permanent: a memoization
 * that was applied, passed every verification so far and whose gain the rank test proved becomes
 * a {@code memoize=} line (with the cache size it ran with), for the next run's {@code config=}
 * file or for a person to turn into {@code @Memoize}; a thread pool whose move to virtual threads
 * its gain check found paid becomes {@code offload.executors=virtual}. A change still verifying, waiting for its
 * test, undone or refused never gets a line: only evidence makes a change permanent.
 *
 * <p>Written by the live agent beside its report ({@link #FILE}, only while some change is
 * proven) and appended by {@code analyze --config-out} when its report has such changes.
 */
public final class PermanentChanges {

  /** The file beside report.json that holds the lines. */
  public static final String FILE = "optimize.properties";

  /**
   * The option that keeps pools on virtual threads: there is no per-pool option, so it moves
   * every pool whose tasks wait, not only those {@code auto=optimize} proved.
   */
  public static final String EXECUTORS = "offload.executors=virtual";

  private static final String ID = "(?:[\\p{javaJavaIdentifierStart}&&[^\\p{Cntrl}\\p{Cf}]]"
      + "[\\p{javaJavaIdentifierPart}&&[^\\p{Cntrl}\\p{Cf}]]*)";

  /** {@code com.acme.Pricing::quote}: identifiers only, so no separator of any grammar. */
  private static final Pattern METHOD = Pattern.compile(ID + "(?:\\." + ID + ")*::" + ID);

  private PermanentChanges() {}

  /**
   * Whether {@code name} may be written into an option: a Java class name, {@code ::} and a Java
   * method name, so no line break, {@code ;} or {@code =} can start another option.
   */
  public static boolean isMethodName(String name) {
    return name != null && METHOD.matcher(name).matches();
  }

  /** The changes applied, verified and proven to pay, in the order decided. */
  public static List<OptimizationReport> proven(Report report) {
    List<OptimizationReport> proven = new ArrayList<>();
    for (OptimizationReport change : report.optimizations()) {
      if (change.change().equals("memoize") && change.proven() && isMethodName(change.name())) {
        proven.add(change);
      }
    }
    return proven;
  }

  /** The thread pools {@code auto=optimize} moved to virtual threads whose move paid. */
  public static List<PoolReport> paidPools(Report report) {
    List<PoolReport> paid = new ArrayList<>();
    for (PoolReport pool : report.pools()) {
      if (pool.pool().movePaid()) {
        paid.add(pool);
      }
    }
    return paid;
  }

  /**
   * One comment per pool whose move paid: from its audit entry ({@code optimizations[]}, with the
   * gain check's figures) where there is one, else from the {@code pools} section.
   */
  private static List<String> paidPoolLines(Report report) {
    List<String> lines = new ArrayList<>();
    java.util.Set<String> sites = new java.util.HashSet<>();
    for (OptimizationReport change : report.optimizations()) {
      if (change.pool() != null && change.proven()) {
        sites.add(change.key());
        lines.add(change.pool().where() + " (" + change.pool().factory() + "): "
            + change.reason());
      }
    }
    for (PoolReport pool : paidPools(report)) {
      if (!sites.contains(pool.pool().site())) {
        lines.add(pool.where() + " (" + pool.factory() + "): " + pool.pool().reason());
      }
    }
    return lines;
  }

  /**
   * The options, each change with a comment line of its evidence; empty when no change is
   * proven.
   */
  public static String properties(Report report) {
    List<OptimizationReport> proven = proven(report);
    List<String> pools = paidPoolLines(report);
    if (proven.isEmpty() && pools.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("# Changes auto=optimize applied, verified and proved faster in this run. To keep"
        + " them without auto=optimize,\n# use this file as"
        + " -javaagent:overclock-agent.jar=config=<this file>.\n");
    if (!proven.isEmpty()) {
      memoizations(report, proven, out);
    }
    if (!pools.isEmpty()) {
      out.append("# Thread pools whose move to virtual threads paid (offload.executors=virtual"
          + " moves every pool whose\n# tasks wait, not only these; a CPU-bound pool stays on its"
          + " threads):\n");
      for (String pool : pools) {
        out.append("# ").append(Printable.of(pool)).append('\n');
      }
      out.append(EXECUTORS).append('\n');
    }
    return out.toString();
  }

  private static void memoizations(Report report, List<OptimizationReport> proven,
      StringBuilder out) {
    out.append("# Memoizations (or annotate each method @Memoize(maxSize = N)):\n");
    List<String> names = new ArrayList<>();
    StringBuilder sizes = new StringBuilder();
    for (OptimizationReport change : proven) {
      names.add(change.name());
      OptimizationReport.Gain gain = change.gain();
      out.append("# ").append(change.name()).append(": ").append(Printable.of(String.format(
          java.util.Locale.ROOT, "median %s without the cache, %s with it (p = %.2g), %s hits,"
              + " %s verified, none differed", Units.duration(Math.round(gain.medianNanosBefore())),
          Units.duration(Math.round(gain.medianNanosAfter())), gain.pValue(),
          Units.count(change.hits()), Units.count(change.verifyChecks())))).append('\n');
      for (MemoReport memo : report.memoized()) {
        if (memo.key().equals(change.key()) && memo.settings() != null) {
          sizes.append("memoize.").append(change.name()).append(".maxSize=")
              .append(memo.settings().maxSize()).append('\n');
        }
      }
    }
    out.append("memoize=").append(String.join(";", names)).append('\n').append(sizes);
  }
}
