package dev.overclock.analyze;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method's figures in one {@code report.json}, as {@code compare} reads them back: the
 * live agent's reports and {@code analyze}'s have the same shape.
 *
 * @param latency nanoseconds by {@link Budget} latency metric ({@code p50}, {@code p99}, ...)
 */
public record MethodFigures(String name, double calls, double errors,
    Map<String, Double> latency) {

  /** The figure a budget names: {@code errors}, or a latency (0 when the report has none). */
  public double value(String metric) {
    if (metric.equals("errors")) {
      return errors;
    }
    Double value = latency.get(metric);
    return value == null ? 0 : value;
  }

  /** The report's timed methods by key, in the report's order. */
  public static Map<String, MethodFigures> read(Path file) throws Unreadable {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Unreadable(file + ": cannot be read (" + (Files.exists(file)
          ? e.getMessage() : "no such file") + ")");
    }
    Object parsed;
    try {
      parsed = JsonReader.parse(text);
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
      Object name = method.get("name");
      if (!(key instanceof String)) {
        continue;
      }
      Map<String, Double> latency = new LinkedHashMap<>();
      if (method.get("latencyNanos") instanceof Map) {
        Map<?, ?> figures = (Map<?, ?>) method.get("latencyNanos");
        for (String metric : Budget.LATENCIES) {
          latency.put(metric, number(figures.get(metric)));
        }
      }
      methods.put((String) key, new MethodFigures(
          name instanceof String ? (String) name : (String) key,
          number(method.get("calls")), number(method.get("errors")), latency));
    }
    return methods;
  }

  private static double number(Object value) {
    return value instanceof Double ? (Double) value : 0;
  }
}
