package dev.overclock.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a finished JVM left behind: exit code, output, and its working directory (where the
 * report lands by default). Parses the demo's own machine-readable lines.
 */
public record RunResult(int exitCode, String stdout, String stderr, Path workDir) {

  private static final Pattern JVM_LOG = Pattern.compile("\\[\\d+[.,]\\d+s\\]\\[\\w+ *\\]\\[");
  private static final Pattern CHECKSUM = Pattern.compile("^checksum (\\S+) (\\S+)$", Pattern.MULTILINE);
  private static final Pattern CALLS = Pattern.compile("^calls (\\S+) (\\d+)$", Pattern.MULTILINE);
  private static final Pattern ERRORS = Pattern.compile("^errors (\\S+) (\\d+)$", Pattern.MULTILINE);

  /** The demo's {@code checksum <name> <value>} lines. */
  public Map<String, String> checksums() {
    return pairs(CHECKSUM);
  }

  /** The demo's own count of calls per {@code @Timed} method ({@code calls <method> <n>}). */
  public Map<String, Long> calls() {
    return counts(CALLS);
  }

  /** The demo's own count of calls that threw, per method ({@code errors <method> <n>}). */
  public Map<String, Long> errors() {
    return counts(ERRORS);
  }

  /**
   * What the program printed on standard output, without the lines the JVM's own logging writes
   * there ({@code [15.957s][error][jfr] Thread method sampler crashed}: JDK 17's JFR sampler,
   * whose crash protection caught a stack walk, logs that and samples on). Those are the JVM's,
   * not the program's results.
   */
  public String programOutput() {
    return stdout.lines().filter(line -> !JVM_LOG.matcher(line).lookingAt())
        .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
  }

  /** Lines the agent printed ({@code [overclock] ...}). */
  public List<String> agentLines() {
    return stderr.lines().filter(line -> line.startsWith("[overclock] ")).toList();
  }

  public Path reportDir() {
    return workDir.resolve("overclock-report");
  }

  public JsonNode reportJson() throws IOException {
    return new ObjectMapper().readTree(Files.readString(reportDir().resolve("report.json")));
  }

  /** Everything, for assertion messages. */
  public String describe() {
    return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
  }

  private Map<String, String> pairs(Pattern pattern) {
    Map<String, String> map = new LinkedHashMap<>();
    Matcher matcher = pattern.matcher(stdout);
    while (matcher.find()) {
      map.put(matcher.group(1), matcher.group(2));
    }
    return map;
  }

  private Map<String, Long> counts(Pattern pattern) {
    Map<String, Long> map = new LinkedHashMap<>();
    pairs(pattern).forEach((key, value) -> map.put(key, Long.parseLong(value)));
    return map;
  }
}
