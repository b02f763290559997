package dev.overclock.analyze;

import dev.overclock.report.Analysis;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * recording in memory, unlike the rest of the analysis, which streams; so rules read at most
 * {@link #budget} bytes of whole chunks (all of a recording that fits, else chunks spread over
 * it), and anything JMC throws (including running out of memory, or a rule that fails) costs
 * the rules' results, never the rest of the report.
 */
final class JmcRules {

  /** A rule that has not finished after this long is left out. */
  static final long RULE_TIMEOUT_SECONDS = 60;

  /** The results, and why there are none or fewer than expected ({@code null} when complete). */
  record Outcome(List<Analysis.RuleResult> results, String note) {}

  private JmcRules() {}

  /**
   * The most of a recording JMC's loader is given: a quarter of the heap (the whole file when it
   * fits, as before), and never more than 64 MB, so that the rules' memory and time do not grow
   * with the file.
   */
  static long budget() {
    return Math.min(Runtime.getRuntime().maxMemory() / 4, 64L << 20);
  }

  static Outcome run(Path file, List<Chunks.Chunk> chunks) {
    List<Chunks.Chunk> chosen = spread(chunks, budget());
    if (chosen.isEmpty()) {
      return new Outcome(List.of(), String.format(Locale.ROOT, "JMC's rules were not run: they"
          + " load what they read into memory, and the recording's smallest chunk exceeds %d MB"
          + " (a quarter of this JVM's maximum heap, at most 64 MB); run analyze with a larger"
          + " -Xmx to get them", budget() / 1_000_000));
    }
    String subset = chosen.size() == chunks.size() ? null : String.format(Locale.ROOT,
        "JMC's rules ran on %d of the recording's %d chunks (%d MB, spread over the recording):"
        + " they load what they read into memory, which is kept within %d MB",
        chosen.size(), chunks.size(), bytes(chosen) / 1_000_000, budget() / 1_000_000);
    Logger.getLogger("org.openjdk.jmc").setLevel(Level.OFF); // its parser warns on stderr
    try {
      IItemCollection items;
      try (InputStream in = new BufferedInputStream(new ChunkStream(file, chosen))) {
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
      String failures = failed == 0 ? null
          : failed + " of JMC's " + futures.size() + " rules failed or timed out";
      String note = subset == null ? failures
          : failures == null ? subset : subset + "; " + failures;
      return new Outcome(results, note);
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      return new Outcome(List.of(), "JMC's rules could not run: " + e);
    }
  }

  /**
   * Whole chunks within {@code budget} bytes: all of them when they fit, else every n-th, so that
   * the rules see the whole run's time span rather than its start.
   */
  static List<Chunks.Chunk> spread(List<Chunks.Chunk> chunks, long budget) {
    long total = bytes(chunks);
    if (total <= budget) {
      return chunks;
    }
    long stride = (total + budget - 1) / budget;
    List<Chunks.Chunk> chosen = new ArrayList<>();
    long taken = 0;
    for (int i = 0; i < chunks.size(); i += (int) Math.min(stride, chunks.size())) {
      Chunks.Chunk chunk = chunks.get(i);
      if (taken + chunk.size() <= budget) {
        chosen.add(chunk);
        taken += chunk.size();
      }
    }
    return chosen;
  }

  private static long bytes(List<Chunks.Chunk> chunks) {
    long total = 0;
    for (Chunks.Chunk chunk : chunks) {
      total += chunk.size();
    }
    return total;
  }

  /** The bytes of the chosen chunks, one after the other: itself a valid recording. */
  private static final class ChunkStream extends InputStream {
    private final FileChannel channel;
    private final List<Chunks.Chunk> chunks;
    private int index;
    private long at;

    ChunkStream(Path file, List<Chunks.Chunk> chunks) throws IOException {
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
      this.chunks = chunks;
      this.at = chunks.get(0).offset();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      while (index < chunks.size()) {
        Chunks.Chunk chunk = chunks.get(index);
        long left = chunk.offset() + chunk.size() - at;
        if (left <= 0) {
          index++;
          at = index < chunks.size() ? chunks.get(index).offset() : at;
          continue;
        }
        int read = channel.read(ByteBuffer.wrap(into, offset, (int) Math.min(length, left)), at);
        if (read < 0) {
          return -1;
        }
        at += read;
        return read;
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      channel.close();
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
