package dev.overclock.report;

import dev.overclock.offload.PoolSnapshot;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One thread pool the application created at a call site Overclock rewrote ({@code
 * offload.executors}), as the report shows it: where it was created, its figures, and what became
 * of it.
 *
 * @param className the class whose code created the pool
 * @param methodName the method that created it
 * @param line the source line, or -1 when the class has no line numbers
 * @param factory how: {@code Executors.newFixedThreadPool}, {@code Executors.newCachedThreadPool}
 *     or {@code new ThreadPoolExecutor}
 * @param pool what became of it and what its tasks did
 */
public record PoolReport(
    String className, String methodName, int line, String factory, PoolSnapshot pool) {

  private static final Pattern SITE =
      Pattern.compile("^(.*)::(.*?)(?: line (\\d+))?(?: \\((.*)\\))?$");

  /** The pool, its creation site taken apart. */
  public static PoolReport of(PoolSnapshot pool) {
    return of(pool.site(), pool);
  }

  /** The creation site {@code where} taken apart, with {@code pool} ({@code null}: the site only). */
  static PoolReport of(String where, PoolSnapshot pool) {
    Matcher site = SITE.matcher(where);
    if (!site.matches()) {
      return new PoolReport(where, "", -1, "", pool);
    }
    return new PoolReport(site.group(1), site.group(2),
        site.group(3) == null ? -1 : Integer.parseInt(site.group(3)),
        site.group(4) == null ? "" : site.group(4), pool);
  }

  /** {@code com.acme.Shop::start:12}: the creation site in short. */
  public String where() {
    return className + "::" + methodName + (line > 0 ? ":" + line : "");
  }

  /** Tasks started or ended so far, on either kind of thread. */
  public long tasks() {
    return pool.virtualTasks() + pool.platformTasks();
  }
}
