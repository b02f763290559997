package dev.overclock.analyze;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One method's figures in one {@code report.json} (or several pooled), as {@code compare} reads
 * them back: the live agent's reports and {@code analyze}'s have the same shape.
 *
 * @param latency nanoseconds by {@link Budget} latency metric ({@code p50}, {@code p95}, ...)
 * @param histogram every call's latency, or {@code null} when the report does not carry it
 *     (reports of older versions, {@code analyze} of a recording's summaries)
 */
public record MethodFigures(String key, String name, String className, String methodName,
    double calls, double errors, Map<String, Double> latency, Histogram histogram) {

  /** The figure a budget names: a count, the error rate, or a latency (0 when missing). */
  public double value(String metric) {
    switch (metric) {
      case "errors":
        return errors;
      case "calls":
        return calls;
      case "error-rate":
        return calls <= 0 ? 0 : errors / calls;
      default:
        Double value = latency.get(metric);
        return value == null ? 0 : value;
    }
  }

  /**
   * Several runs' figures of one method as one: counts add up; with every run's histogram the
   * latencies are those of the merged histogram (every call of every run), else the
   * calls-weighted mean of each run's figure.
   */
  public static MethodFigures pool(List<MethodFigures> runs) {
    MethodFigures first = runs.get(0);
    if (runs.size() == 1) {
      return first;
    }
    double calls = 0;
    double errors = 0;
    Histogram merged = new Histogram(2);
    boolean histograms = true;
    for (MethodFigures run : runs) {
      calls += run.calls();
      errors += run.errors();
      if (run.histogram() == null) {
        histograms = false;
      } else {
        merged.add(run.histogram());
      }
    }
    Map<String, Double> latency = new LinkedHashMap<>();
    for (String metric : Budget.LATENCIES) {
      double weighted = 0;
      for (MethodFigures run : runs) {
        weighted += run.value(metric) * run.calls();
      }
      latency.put(metric, calls <= 0 ? 0 : weighted / calls); // mean stays the exact mean
    }
    if (histograms && merged.getTotalCount() > 0) {
      for (String metric : Budget.LATENCIES) {
        double quantile = Change.quantile(metric);
        if (quantile > 0) {
          latency.put(metric, (double) merged.getValueAtPercentile(quantile * 100));
        }
      }
      latency.put("min", (double) merged.getMinValue());
      latency.put("max", (double) merged.highestEquivalentValue(merged.getMaxValue()));
    }
    return new MethodFigures(first.key(), first.name(), first.className(), first.methodName(),
        calls, errors, latency, histograms ? merged : null);
  }

  /** The report's timed methods by key, in the report's order. */
  public static Map<String, MethodFigures> read(Path file) throws Unreadable {
    Object parsed;
    try {
      parsed = JsonReader.parse(text(file));
    } catch (JsonReader.Malformed e) {
      throw new Unreadable(file + ": not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map) || !"overclock-report".equals(((Map<?, ?>) parsed).get("schema"))
        || !(((Map<?, ?>) parsed).get("methods") instanceof List)) {
      throw new Unreadable(file + ": not an Overclock report.json (no \"schema\":"
          + " \"overclock-report\" with a \"methods\" list)");
    }
    Map<String, MethodFigures> methods = new LinkedHashMap<>();
    for (Object item : (List<?>) ((Map<?, ?>) parsed).get("methods")) {
      if (!(item instanceof Map)) {
        continue;
      }
      Map<?, ?> method = (Map<?, ?>) item;
      Object key = method.get("key");
      if (!(key instanceof String)) {
        continue;
      }
      String name = method.get("name") instanceof String ? (String) method.get("name")
          : (String) key;
      Map<String, Double> latency = new LinkedHashMap<>();
      if (method.get("latencyNanos") instanceof Map) {
        Map<?, ?> figures = (Map<?, ?>) method.get("latencyNanos");
        for (String metric : Budget.LATENCIES) {
          latency.put(metric, number(figures.get(metric)));
        }
        if (!(figures.get("p95") instanceof Double)) {
          latency.put("p95", fromDistribution(method.get("distribution"), 95));
        }
      }
      methods.put((String) key, new MethodFigures((String) key, name,
          text(method.get("className"), name.contains("::")
              ? name.substring(0, name.indexOf("::")) : name),
          text(method.get("methodName"), name.contains("::")
              ? name.substring(name.indexOf("::") + 2) : ""),
          number(method.get("calls")), number(method.get("errors")), latency,
          histogram(file, name, method.get("histogram"))));
    }
    return methods;
  }

  /**
   * The file as UTF-8 text, or one line saying what it is instead: a recording, an archive, or
   * some other binary file (never a decoder's bare message).
   */
  private static String text(Path file) throws Unreadable {
    if (!Files.exists(file)) {
      throw new Unreadable(file + ": cannot be read (no such file)");
    }
    if (Files.isDirectory(file)) {
      throw new Unreadable(file + ": is a directory, not a report.json");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Unreadable(file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (bytes.length >= 4 && bytes[0] == 'F' && bytes[1] == 'L' && bytes[2] == 'R'
        && bytes[3] == 0) {
      throw new Unreadable(file + ": is a JFR recording, not a report.json; make a report of it"
          + " first with 'analyze " + file + " --json report.json' and compare that");
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      throw new Unreadable(file + ": is gzip-compressed, not a report.json: unpack it first,"
          + " e.g. gunzip -k");
    }
    if (bytes.length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
      throw new Unreadable(file + ": is a zip archive, not a report.json: extract the report"
          + " first");
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable(file + ": not a report.json: a binary file, not UTF-8 text (a"
          + " report.json is JSON written by the agent or by analyze --json)");
    }
  }

  private static Histogram histogram(Path file, String method, Object encoded)
      throws Unreadable {
    if (!(encoded instanceof String)) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode((String) encoded);
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new Unreadable(file + ": the histogram of " + method + " is not one the agent"
          + " wrote (" + e.getClass().getSimpleName() + "); the report is damaged");
    }
  }

  private static double fromDistribution(Object distribution, double percentile) {
    if (!(distribution instanceof List)) {
      return 0;
    }
    double last = 0;
    for (Object item : (List<?>) distribution) {
      if (item instanceof Map) {
        double at = number(((Map<?, ?>) item).get("percentile"));
        last = number(((Map<?, ?>) item).get("nanos"));
        if (at >= percentile) {
          return last;
        }
      }
    }
    return last;
  }

  private static String text(Object value, String otherwise) {
    return value instanceof String ? (String) value : otherwise;
  }

  private static double number(Object value) {
    return value instanceof Double ? (Double) value : 0;
  }
}
