package dev.overclock.analyze;

import dev.overclock.report.Analysis;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultToolkit;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * JDK Mission Control's automated analysis: every rule of {@code flightrecorder.rules.jdk} (found
 * through its {@code IRule} service file, relocated with the classes when the jar is shaded),
 * run on the recording with default preferences.
 *
 * <h2>Why it must be careful</h2>
 *
 * This is the only class that refers to JMC, and only the {@code analyze} command loads it: the
 * agent never does, so JMC costs its start-up nothing. JMC's loader keeps every event of the
 * recording in memory, unlike the rest of the analysis, which streams; so rules run only when the
 * file is at most a quarter of the maximum heap, and anything JMC throws (including running out
 * of memory, or a rule that fails) costs the rules' results, never the rest of the report.
 */
final class JmcRules {

  /** A rule that has not finished after this long is left out. */
  static final long RULE_TIMEOUT_SECONDS = 60;

  /** The results, and why there are none or fewer than expected ({@code null} when complete). */
  record Outcome(List<Analysis.RuleResult> results, String note) {}

  private JmcRules() {}

  static Outcome run(Path file, long readableBytes) {
    long heap = Runtime.getRuntime().maxMemory();
    if (readableBytes > heap / 4) {
      return new Outcome(List.of(), String.format(Locale.ROOT, "JMC's rules were not run: they"
          + " load the whole recording into memory, and its %d MB exceed a quarter of this JVM's"
          + " maximum heap (%d MB); run analyze with a larger -Xmx to get them",
          readableBytes / 1_000_000, heap / 1_000_000));
    }
    Logger.getLogger("org.openjdk.jmc").setLevel(Level.OFF); // its parser warns on stderr
    try {
      IItemCollection items;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        items = JfrLoaderToolkit.loadEvents(in);
      }
      Collection<IRule> rules = RuleRegistry.getRules();
      Map<IRule, Future<IResult>> futures = RulesToolkit.evaluateParallel(rules, items,
          IPreferenceValueProvider.DEFAULT_VALUES, 1);
      List<Analysis.RuleResult> results = new ArrayList<>();
      int failed = 0;
      for (Map.Entry<IRule, Future<IResult>> entry : futures.entrySet()) {
        IRule rule = entry.getKey();
        try {
          IResult result = entry.getValue().get(RULE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          if (result == null || result.getSeverity() == Severity.NA
              || result.getSeverity() == Severity.IGNORE) {
            continue;
          }
          String summary = result.getSummary();
          String message = summary == null ? ""
              : ResultToolkit.populateMessage(result, summary, false);
          results.add(new Analysis.RuleResult(rule.getId(), rule.getName(), rule.getTopic(),
              result.getSeverity().name(), score(result), plain(message)));
        } catch (Exception | LinkageError e) {
          failed++;
        }
      }
      results.sort(Comparator.comparingDouble(Analysis.RuleResult::score).reversed()
          .thenComparing(Analysis.RuleResult::id));
      String note = failed == 0 ? null
          : failed + " of JMC's " + futures.size() + " rules failed or timed out";
      return new Outcome(results, note);
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      return new Outcome(List.of(), "JMC's rules could not run: " + e);
    }
  }

  private static double score(IResult result) {
    try {
      IQuantity score = result.getResult(TypedResult.SCORE);
      return score == null ? -1 : Math.round(score.doubleValue() * 10) / 10.0;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** JMC's messages may carry HTML markup and doubled quotes from its message format. */
  private static String plain(String message) {
    return message.replaceAll("<[^>]+>", "").replace("''", "'").trim();
  }
}
