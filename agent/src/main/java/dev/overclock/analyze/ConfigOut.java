package dev.overclock.analyze;

import dev.overclock.report.MethodReport;
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
 */
public final class ConfigOut {

  private ConfigOut() {}

  public static String write(Report report, Path recording) {
    Map<String, String> selectedBy = new HashMap<>();
    for (MethodReport method : report.methods()) {
      selectedBy.put(method.name(), method.selectedBy());
    }
    Set<String> timed = new LinkedHashSet<>();
    StringBuilder changes = new StringBuilder();
    for (Report.Recommendation recommendation : report.recommendations()) {
      if ("jvm".equals(recommendation.kind())) {
        continue;
      }
      String name = recommendation.method();
      if (!"annotation".equals(selectedBy.get(name))) {
        timed.add(name);
      }
      if ("memoize".equals(recommendation.kind()) || "offload".equals(recommendation.kind())) {
        changes.append("# ").append(recommendation.kind()).append(' ').append(name).append(": ")
            .append(recommendation.text().replace('\n', ' ')).append('\n');
        changes.append("# ").append(recommendation.kind()).append('=').append(name)
            .append('\n');
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("# Overclock options written by `overclock analyze ").append(recording)
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
    if (changes.length() > 0) {
      out.append("#\n# Changes to what the application does: check each method first (a"
          + " recording cannot prove it pure,\n# or safe to run on another thread), then remove"
          + " the '# ' before its line.\n");
      out.append(changes);
    }
    return out.toString();
  }
}
