package dev.overclock.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Collects the options as given, from the agent argument, system properties, environment and
 * the {@code config} file, read in that order of precedence: the first source that sets a key
 * wins. Within one source, a list option ({@code timed=}, {@code include=}, ...) given twice gets
 * both lists; any other option given twice with two different values is a conflict, reported by
 * {@link OptionValues} as a bad value naming both. Values are not checked here.
 */
final class SettingsReader {

  static final String MEMOIZE_METHOD_PREFIX = "memoize.";
  private static final String PROPERTY_PREFIX = "overclock.";
  private static final String ENV_PREFIX = "OVERCLOCK_";

  final Map<String, Setting> settings = new LinkedHashMap<>();
  final List<Setting> memoizeMethodSettings = new ArrayList<>();
  /** The second value of a key given twice in one source, by key. */
  final Map<String, Setting> conflicts = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  boolean agentOff;

  /** Reads every source: argument, then system properties, environment, and the config file. */
  static SettingsReader read(
      String argument, Properties systemProperties, Map<String, String> environment) {
    SettingsReader reader = new SettingsReader();
    reader.readArgument(argument);
    reader.readSystemProperties(systemProperties);
    reader.readEnvironment(environment);
    reader.readConfigFile();
    return reader;
  }

  private void readArgument(String argument) {
    if (argument == null || argument.isBlank()) {
      return;
    }
    for (String pair : splitPairs(argument)) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add("agent argument '" + pair.strip()
            + "': expected key=value pairs separated by ','; Overclock is off");
        agentOff = true;
        continue;
      }
      offer(pair.substring(0, eq).strip(), unquote(pair.substring(eq + 1).strip()),
          Source.ARGUMENT, "");
    }
  }

  /** Splits on commas outside double quotes, so that {@code report.dir="/a,b"} keeps its comma. */
  static List<String> splitPairs(String argument) {
    List<String> pairs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        pairs.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    pairs.add(current.toString());
    return pairs;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private void readSystemProperties(Properties properties) {
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(PROPERTY_PREFIX)) {
        offer(name.substring(PROPERTY_PREFIX.length()), properties.getProperty(name).strip(),
            Source.SYSTEM_PROPERTY, name);
      }
    }
  }

  private void readEnvironment(Map<String, String> environment) {
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      String name = variable.getKey();
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        offer(key, variable.getValue().strip(), Source.ENVIRONMENT, name);
      }
    }
  }

  private void readConfigFile() {
    Setting config = settings.get(Options.CONFIG.key());
    if (config == null || conflicts.containsKey(config.key())) {
      return;
    }
    Path path = Path.of(config.value()).toAbsolutePath();
    List<Map.Entry<String, String>> lines = new ArrayList<>();
    // Properties keeps only the last of two lines with the same key; this one sees every line.
    Properties properties = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        lines.add(Map.entry((String) key, (String) value));
        return super.put(key, value);
      }
    };
    try {
      properties.load(new StringReader(
          escapeMethodKeys(Files.readString(path, StandardCharsets.UTF_8))));
    } catch (IOException | IllegalArgumentException e) {
      problems.add(OptionValues.problem(config, Options.CONFIG.accepted() + " (" + describe(e)
          + ")", Options.CONFIG.whenBad()));
      agentOff = true;
      return;
    }
    for (Map.Entry<String, String> line : lines) {
      if (line.getKey().equals(Options.CONFIG.key())) {
        problems.add("config file " + path + ": 'config' cannot name another file; ignored");
        continue;
      }
      offer(line.getKey(), line.getValue().strip(), Source.FILE, path.toString());
    }
  }

  /**
   * Escapes the colons of per-method keys ({@code memoize.com.acme.Pricing::quote.maxSize=500}),
   * which the properties format would otherwise take for the end of the key.
   */
  static String escapeMethodKeys(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (String line : text.split("(?<=\n)", -1)) {
      String stripped = line.stripLeading();
      int end = stripped.indexOf('=');
      if (end > 0 && stripped.regionMatches(true, 0, MEMOIZE_METHOD_PREFIX, 0,
          MEMOIZE_METHOD_PREFIX.length()) && stripped.substring(0, end).contains("::")) {
        String key = stripped.substring(0, end).replace("\\:", ":").replace(":", "\\:");
        line = line.substring(0, line.length() - stripped.length()) + key + stripped.substring(end);
      }
      out.append(line);
    }
    return out.toString();
  }

  /**
   * Keeps the first source's value for a key. Keys are not case-sensitive. An unknown key turns
   * the agent off, except in the environment, where an {@code OVERCLOCK_*} variable may well
   * belong to something else: it is named and ignored.
   */
  private void offer(String rawKey, String value, Source source, String where) {
    String key = rawKey.toLowerCase(Locale.ROOT);
    if (key.startsWith(MEMOIZE_METHOD_PREFIX) && rawKey.contains("::")) {
      // Per-method memoization options name a class, whose case matters: only the attribute
      // after the method is case-insensitive.
      String name = rawKey.substring(MEMOIZE_METHOD_PREFIX.length());
      int dot = name.lastIndexOf('.');
      String normal = MEMOIZE_METHOD_PREFIX + (dot > name.indexOf("::")
          ? name.substring(0, dot) + name.substring(dot).toLowerCase(Locale.ROOT)
          : name);
      Setting setting = new Setting(normal, value, source, where);
      if (keep(setting, false)) {
        memoizeMethodSettings.add(setting);
      }
      return;
    }
    Option<?> option = Options.byKey(key).orElse(null);
    if (option == null) {
      String origin = new Setting(rawKey, value, source, where).origin();
      if (source == Source.ENVIRONMENT) {
        problems.add("ignored " + origin + ": not an Overclock option; known options: "
            + Options.keys());
        return;
      }
      problems.add(unknown(rawKey, origin));
      agentOff = true;
      return;
    }
    keep(new Setting(key, value, source, where), option.type().isList());
  }

  /**
   * Overclock is off, first: the rest of the line is for the one who mistyped. The list of every
   * option is the {@code options} command's job.
   */
  static String unknown(String rawKey, String origin) {
    String nearest = NearestOption.to(rawKey.toLowerCase(Locale.ROOT));
    return "Overclock is off: unknown option '" + rawKey + "' (" + origin + ")."
        + (nearest == null ? "" : " Did you mean " + nearest + "?")
        + " All options: java -jar overclock-agent.jar options";
  }

  /**
   * Records a setting unless a source of higher precedence set the key already; within one
   * source, merges lists and notes a conflict between two different single values.
   *
   * @return whether the setting is new
   */
  private boolean keep(Setting setting, boolean list) {
    Setting first = settings.get(setting.key());
    if (first == null) {
      settings.put(setting.key(), setting);
      return true;
    }
    if (first.source() != setting.source() || first.value().equals(setting.value())) {
      return false;
    }
    if (list) {
      String merged = first.value().isBlank() ? setting.value()
          : setting.value().isBlank() ? first.value()
          : first.value() + ";" + setting.value();
      settings.put(setting.key(), new Setting(first.key(), merged, first.source(), first.where()));
    } else {
      conflicts.putIfAbsent(setting.key(), setting);
    }
    return false;
  }

  private static String describe(Exception e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }
}
