package dev.overclock.analyze;

import dev.overclock.log.Printable;
import dev.overclock.report.MethodReport;
import dev.overclock.report.PermanentChanges;
import dev.overclock.report.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --config-out} file: Overclock agent options that apply the analysis's
 * recommendations, for {@code -javaagent:overclock-agent.jar=config=<file>}.
 *
 * <p>It times exactly the recommended methods ({@code timed=}), so the next run measures their
 * latencies and, for CPU-bound ones, samples their arguments; and it turns automatic timing off
 * ({@code auto=off}) so that nothing else is instrumented (methods annotated {@code @Timed} are
 * timed whatever the configuration says). Memoizing or offloading changes what the application
 * does, and a recording cannot prove a method pure or safe to run elsewhere: those lines are
 * written commented out, with the evidence, for a person to enable.
 *
 * <p>The recording may come from anyone, and its method names are whatever its JVM accepted: a
 * name with {@code \r} or {@code \n} would end the properties line and start a live option
 * ({@code prometheus.host=0.0.0.0}), one with {@code ;} would add filters. So only names that are
 * a Java class name, {@code ::} and a Java method name, in the filter grammar, become options;
 * any other is written as a comment, its unsafe characters escaped, and every comment is made
 * one line.
 *
 * <p>A report of a run under {@code auto=optimize} may hold memoizations applied, verified and
 * proved faster: those are written as live {@code memoize=} lines ({@link PermanentChanges}).
 */
public final class ConfigOut {

  private ConfigOut() {}

  /** Whether {@code name} may be written into an option: see the class comment. */
  static boolean isMethodName(String name) {
    return PermanentChanges.isMethodName(name);
  }

  /** Text for a comment line: one line, with no character a terminal or editor acts on. */
  private static String comment(String text) {
    return Printable.of(text);
  }

  public static String write(Report report, Path recording) {
    Map<String, String> selectedBy = new HashMap<>();
    for (MethodReport method : report.methods()) {
      selectedBy.put(method.name(), method.selectedBy());
    }
    Set<String> timed = new LinkedHashSet<>();
    Set<String> rejected = new LinkedHashSet<>();
    StringBuilder changes = new StringBuilder();
    for (Report.Recommendation recommendation : report.recommendations()) {
      if ("jvm".equals(recommendation.kind())) {
        continue;
      }
      String name = recommendation.method();
      if (!isMethodName(name)) {
        rejected.add(comment(String.valueOf(name)));
        continue;
      }
      if (!"annotation".equals(selectedBy.get(name))) {
        timed.add(name);
      }
      if ("memoize".equals(recommendation.kind()) || "offload".equals(recommendation.kind())) {
        changes.append("# ").append(recommendation.kind()).append(' ').append(name).append(": ")
            .append(comment(recommendation.text())).append('\n');
        changes.append("# ").append(recommendation.kind()).append('=').append(name)
            .append('\n');
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("# Overclock options written by `overclock analyze ")
        .append(comment(String.valueOf(recording)))
        .append("` at ").append(Instant.now()).append('\n');
    out.append("# Use: java -javaagent:overclock-agent.jar=config=<this file> ...\n");
    out.append("# Times exactly the recommended methods (and, as always, those annotated @Timed);"
        + " automatic timing is off so that nothing else is instrumented.\n");
    out.append("auto=off\n");
    if (timed.isEmpty()) {
      out.append("# no method to time: the recording supports no method-level recommendation\n");
    } else {
      out.append("timed=").append(String.join(";", timed)).append('\n');
    }
    for (String name : rejected) {
      out.append("# left out, not a Java method name: ").append(name).append('\n');
    }
    if (changes.length() > 0) {
      out.append("#\n# Changes to what the application does: check each method first (a"
          + " recording cannot prove it pure,\n# or safe to run on another thread), then remove"
          + " the '# ' before its line.\n");
      out.append(changes);
    }
    String proven = PermanentChanges.properties(report);
    if (!proven.isEmpty()) {
      out.append("#\n").append(proven);
    }
    return out.toString();
  }
}
