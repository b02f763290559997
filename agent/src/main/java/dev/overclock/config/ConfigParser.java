package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Builds a {@link Config} from the four places options come from, in this precedence (first
 * wins): the agent argument ({@code -javaagent:overclock-agent.jar=key=value,key=value}), system
 * properties ({@code -Doverclock.key=value}), environment variables ({@code OVERCLOCK_KEY}, dots
 * written as underscores), and the properties file named by {@code config} (from any of the
 * other three). Options are listed in {@link Options}.
 *
 * <p>Parsing never throws. Each problem becomes one line that names the option, where it came
 * from, the bad value, what is accepted, and what was turned off. An unknown key or an unreadable
 * {@code config} file turns the whole agent off: the user asked for something the agent cannot
 * tell apart from a typo in {@code enabled=false}, so doing nothing is the safe reading.
 */
public final class ConfigParser {

  private static final String PROPERTY_PREFIX = "overclock.";
  private static final String ENV_PREFIX = "OVERCLOCK_";
  private static final Pattern PACKAGE =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  /**
   * A host name (RFC 1123 labels; an IPv4 address is one too), or an IPv6 address, bracketed or
   * not, with an optional zone.
   */
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
          + "|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?]?");

  private static final String MEMOIZE_METHOD_PREFIX = "memoize.";

  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final List<Setting> memoizeMethodSettings = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private boolean agentOff;

  private ConfigParser() {}

  /** Parses the options of this JVM: the given agent argument, system properties, environment. */
  public static Config parse(String agentArgument) {
    return parse(agentArgument, System.getProperties(), System.getenv());
  }

  /** Parses options from explicit sources; the unit-testable form of {@link #parse(String)}. */
  public static Config parse(
      String agentArgument, Properties systemProperties, Map<String, String> environment) {
    ConfigParser parser = new ConfigParser();
    parser.readArgument(agentArgument);
    parser.readSystemProperties(systemProperties);
    parser.readEnvironment(environment);
    parser.readConfigFile();
    return parser.build();
  }

  // ---- sources ----

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
        problems.add(
            "agent argument '"
                + pair.strip()
                + "': expected key=value pairs separated by ','; Overclock is off");
        agentOff = true;
        continue;
      }
      offer(pair.substring(0, eq).strip(), unquote(pair.substring(eq + 1).strip()),
          Source.ARGUMENT, "");
    }
  }

  /** Splits on commas outside double quotes, so that {@code report.dir="/a,b"} keeps its comma. */
  public static List<String> splitPairs(String argument) {
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
        offer(
            name.substring(PROPERTY_PREFIX.length()),
            properties.getProperty(name).strip(),
            Source.SYSTEM_PROPERTY,
            name);
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
    if (config == null) {
      return;
    }
    Path path = Path.of(config.value()).toAbsolutePath();
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(
          escapeMethodKeys(Files.readString(path, StandardCharsets.UTF_8))));
    } catch (IOException | IllegalArgumentException e) {
      problem(config, "the path of a readable properties file (" + describe(e) + ")",
          "Overclock is off");
      agentOff = true;
      return;
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.equals(Options.CONFIG.key())) {
        problems.add("config file " + path + ": 'config' cannot name another file; ignored");
        continue;
      }
      offer(key, properties.getProperty(key).strip(), Source.FILE, path.toString());
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
   * Keeps the first value offered for a key: sources are read in precedence order. Keys are not
   * case-sensitive. An unknown key turns the agent off, except in the environment, where an
   * {@code OVERCLOCK_*} variable may well belong to something else: it is named and ignored.
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
      if (settings.putIfAbsent(normal, setting) == null) {
        memoizeMethodSettings.add(setting);
      }
      return;
    }
    if (Options.byKey(key).isEmpty()) {
      String origin = new Setting(rawKey, value, source, where).origin();
      if (source == Source.ENVIRONMENT) {
        problems.add("ignored " + origin + ": not an Overclock option; known options: "
            + Options.keys());
        return;
      }
      problems.add(
          "unknown option '" + rawKey + "' (" + origin + "); known options: " + Options.keys()
              + "; Overclock is off");
      agentOff = true;
      return;
    }
    settings.putIfAbsent(key, new Setting(key, value, source, where));
  }

  // ---- values ----

  private Config build() {
    Setting enabledSetting = settings.get(Options.ENABLED.key());
    boolean switchedOff = enabledSetting != null && enabledSetting.value().equalsIgnoreCase("false");
    if (switchedOff) {
      // enabled=false wins over every other problem: the user wants no agent; say nothing more.
      problems.clear();
    }
    boolean enabled = bool(Options.ENABLED);
    boolean timing = true;
    List<MethodFilter> timed = List.of();
    Setting timedSetting = settings.get(Options.TIMED.key());
    if (timedSetting != null) {
      try {
        timed = MethodFilter.parseList(timedSetting.value());
      } catch (IllegalArgumentException e) {
        problem(timedSetting, Options.TIMED.accepted() + " (" + e.getMessage() + ")",
            Options.TIMED.whenBad());
        timing = false;
      }
    }
    boolean memoization = true;
    List<MethodFilter> memoize = List.of();
    Setting memoizeSetting = settings.get(Options.MEMOIZE.key());
    if (memoizeSetting != null) {
      try {
        memoize = MethodFilter.parseList(memoizeSetting.value());
      } catch (IllegalArgumentException e) {
        problem(memoizeSetting, Options.MEMOIZE.accepted() + " (" + e.getMessage() + ")",
            Options.MEMOIZE.whenBad());
        memoization = false;
      }
    }
    List<String> memoizeUnsafe = typeNames(Options.MEMOIZE_UNSAFE);
    if (memoizeUnsafe == null) {
      memoization = false;
      memoizeUnsafe = List.of();
    }
    List<MemoizeOverride> memoizeOverrides = memoizeOverrides();
    if (memoizeOverrides == null) {
      memoization = false;
      memoizeOverrides = List.of();
    }
    boolean offloading = true;
    List<MethodFilter> offload = List.of();
    Setting offloadSetting = settings.get(Options.OFFLOAD.key());
    if (offloadSetting != null) {
      try {
        offload = MethodFilter.parseList(offloadSetting.value());
      } catch (IllegalArgumentException e) {
        problem(offloadSetting, Options.OFFLOAD.accepted() + " (" + e.getMessage() + ")",
            Options.OFFLOAD.whenBad());
        offloading = false;
      }
    }
    Duration offloadTimeout = duration(Options.OFFLOAD_TIMEOUT, Duration.ZERO,
        Duration.ofMillis(1), Duration.ofDays(1));
    Integer offloadConcurrency = integer(Options.OFFLOAD_CONCURRENCY, 0, 0, 1_000_000);
    Integer offloadThreads = integer(Options.OFFLOAD_THREADS, 256, 1, 10_000);
    Duration offloadQueueTimeout = null;
    Setting queueSetting = settings.get(Options.OFFLOAD_QUEUE_TIMEOUT.key());
    boolean queueBad = false;
    if (queueSetting != null && !queueSetting.value().isEmpty()) {
      offloadQueueTimeout = Durations.parse(queueSetting.value());
      if (offloadQueueTimeout == null || offloadQueueTimeout.compareTo(Duration.ofDays(1)) > 0) {
        problem(queueSetting, Options.OFFLOAD_QUEUE_TIMEOUT.accepted(),
            Options.OFFLOAD_QUEUE_TIMEOUT.whenBad());
        offloadQueueTimeout = null;
        queueBad = true;
      }
    }
    if (offloadTimeout == null || offloadConcurrency == null || offloadThreads == null
        || queueBad) {
      offloading = false;
      offloadTimeout = Duration.ZERO;
      offloadConcurrency = 0;
      offloadThreads = 256;
    }
    List<String> include = packages(Options.INCLUDE);
    List<String> exclude = packages(Options.EXCLUDE);
    if (include == null || exclude == null) {
      timing = false;
      memoization = false;
      offloading = false;
      include = include == null ? List.of() : include;
      exclude = exclude == null ? List.of() : exclude;
    }

    Path reportDir = Path.of(Options.REPORT_DIR.defaultValue());
    Setting dirSetting = settings.get(Options.REPORT_DIR.key());
    if (dirSetting != null) {
      try {
        reportDir = dirSetting.value().isEmpty() ? null : Path.of(dirSetting.value());
      } catch (RuntimeException e) {
        reportDir = null;
      }
      if (reportDir == null) {
        problem(dirSetting, Options.REPORT_DIR.accepted(), Options.REPORT_DIR.whenBad());
      }
    }
    Duration interval =
        duration(Options.REPORT_INTERVAL, Duration.ofSeconds(10), Duration.ofMillis(100),
            Duration.ofDays(1));
    boolean summary = bool(Options.SUMMARY);
    Integer top = integer(Options.SUMMARY_TOP, 10, 1, 1000);
    if (top == null) {
      summary = false;
      top = 10;
    }
    boolean cpu = bool(Options.CPU);
    Integer cpuEvery = integer(Options.CPU_EVERY, 16, 1, 1_000_000);
    if (cpuEvery == null) {
      cpu = false;
      cpuEvery = 16;
    }
    Config.Prometheus prometheus = prometheus();
    boolean verbose = bool(Options.VERBOSE);
    JfrOptions jfr = jfrOptions();
    boolean memoizeShowValues = bool(Options.MEMOIZE_SHOW_VALUES);

    if (switchedOff) {
      problems.clear();
    }
    return new Config(
        enabled && !agentOff,
        timing,
        timed,
        memoization,
        memoize,
        memoizeUnsafe,
        memoizeOverrides,
        offloading,
        offload,
        offloadTimeout,
        offloadConcurrency,
        offloadQueueTimeout,
        offloadThreads,
        include,
        exclude,
        reportDir,
        interval == null ? Duration.ZERO : interval,
        summary,
        top,
        cpu,
        cpuEvery,
        prometheus,
        verbose,
        List.copyOf(settings.values()),
        problems,
        jfr,
        memoizeShowValues);
  }

  /** The JFR options; a bad value turns off its feature (the stream, or automatic timing). */
  private JfrOptions jfrOptions() {
    JfrOptions defaults = JfrOptions.DEFAULTS;
    boolean stream = bool(Options.JFR);
    Duration interval = duration(Options.JFR_SAMPLE_INTERVAL, defaults.sampleInterval(),
        Duration.ofMillis(1), Duration.ofSeconds(10));
    if (interval == null || interval.isZero()) {
      if (interval != null) {
        problem(settings.get(Options.JFR_SAMPLE_INTERVAL.key()),
            Options.JFR_SAMPLE_INTERVAL.accepted(), Options.JFR_SAMPLE_INTERVAL.whenBad());
      }
      stream = false;
      interval = defaults.sampleInterval();
    }
    Duration threshold = duration(Options.JFR_THRESHOLD, defaults.threshold(),
        Duration.ofNanos(1), Duration.ofSeconds(10));
    if (threshold == null) {
      stream = false;
      threshold = defaults.threshold();
    }
    Duration slow = duration(Options.JFR_SLOW_THRESHOLD, defaults.slowThreshold(),
        Duration.ofNanos(1_000), Duration.ofHours(1));
    if (slow == null) {
      slow = Duration.ZERO;
    }
    boolean auto = true;
    Setting autoSetting = settings.get(Options.AUTO.key());
    if (autoSetting != null) {
      String value = autoSetting.value().toLowerCase(Locale.ROOT);
      if (value.equals("off") || value.equals("timing")) {
        auto = value.equals("timing");
      } else {
        problem(autoSetting, Options.AUTO.accepted(), Options.AUTO.whenBad());
        auto = false;
      }
    }
    Duration window = duration(Options.AUTO_WINDOW, defaults.autoWindow(), Duration.ofSeconds(1),
        Duration.ofHours(1));
    if (window == null || window.isZero()) {
      if (window != null) {
        problem(settings.get(Options.AUTO_WINDOW.key()), Options.AUTO_WINDOW.accepted(),
            Options.AUTO_WINDOW.whenBad());
      }
      auto = false;
      window = defaults.autoWindow();
    }
    Double minShare = percentage(Options.AUTO_MIN_SHARE, defaults.autoMinShare(), 0.001, 1.0);
    Integer top = integer(Options.AUTO_TOP, defaults.autoTop(), 1, 1000);
    Integer max = integer(Options.AUTO_MAX, defaults.autoMax(), 1, 10_000);
    if (minShare == null || top == null || max == null) {
      auto = false;
    }
    return new JfrOptions(stream, interval, threshold, slow, auto, window,
        minShare == null ? defaults.autoMinShare() : minShare,
        top == null ? defaults.autoTop() : top,
        max == null ? defaults.autoMax() : max);
  }

  /** A percentage ({@code 2%}) or a fraction ({@code 0.02}) within min..max, or null when bad. */
  private Double percentage(Option option, double defaultValue, double min, double max) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return defaultValue;
    }
    String value = setting.value().strip();
    try {
      double share = value.endsWith("%")
          ? Double.parseDouble(value.substring(0, value.length() - 1).strip()) / 100
          : Double.parseDouble(value);
      if (share >= min && share <= max) {
        return share;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(setting, option.accepted(), option.whenBad());
    return null;
  }

  /**
   * The Prometheus endpoint's settings, or null when {@code prometheus.port} is unset or any of
   * its options is bad (each bad one is reported). The host is only checked for its form here:
   * resolving a name can block, so it happens when the endpoint starts, on its own thread.
   */
  private Config.Prometheus prometheus() {
    Setting portSetting = settings.get(Options.PROMETHEUS_PORT.key());
    Integer port = portSetting == null || portSetting.value().isEmpty()
        ? null
        : integer(Options.PROMETHEUS_PORT, -1, 0, 65_535);
    String host = Options.PROMETHEUS_HOST.defaultValue();
    Setting hostSetting = settings.get(Options.PROMETHEUS_HOST.key());
    if (hostSetting != null) {
      host = hostSetting.value();
      if (!HOST.matcher(host).matches()) {
        problem(hostSetting, Options.PROMETHEUS_HOST.accepted(), Options.PROMETHEUS_HOST.whenBad());
        host = null;
      }
    }
    Integer top = integer(Options.PROMETHEUS_TOP, 500, 1, 100_000);
    Duration window = duration(Options.PROMETHEUS_WINDOW, Duration.ofMinutes(5),
        Duration.ofSeconds(10), Duration.ofHours(1));
    if (window != null && window.isZero()) {
      problem(settings.get(Options.PROMETHEUS_WINDOW.key()), Options.PROMETHEUS_WINDOW.accepted(),
          Options.PROMETHEUS_WINDOW.whenBad());
      window = null;
    }
    if (port == null || host == null || top == null || window == null) {
      return null;
    }
    return new Config.Prometheus(host, port, top, window);
  }

  /** Returns the value; a bad value turns its feature off (and {@code enabled} the agent). */
  private boolean bool(Option option) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return Boolean.parseBoolean(option.defaultValue());
    }
    String value = setting.value().toLowerCase(Locale.ROOT);
    if (value.equals("true") || value.equals("false")) {
      return value.equals("true");
    }
    problem(setting, option.accepted(), option.whenBad());
    if (option == Options.ENABLED) {
      agentOff = true;
    }
    return false;
  }

  private Integer integer(Option option, int defaultValue, int min, int max) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(setting.value());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(setting, option.accepted(), option.whenBad());
    return null;
  }

  /**
   * Returns the duration, or null when the value is bad (the caller turns the feature off). Zero
   * is always accepted ("off"); anything else must lie within {@code min..max}.
   */
  private Duration duration(Option option, Duration defaultValue, Duration min, Duration max) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return defaultValue;
    }
    Duration parsed = Durations.parse(setting.value());
    if (parsed != null && !parsed.isZero() && (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0)) {
      parsed = null;
    }
    if (parsed == null) {
      problem(setting, option.accepted(), option.whenBad());
    }
    return parsed;
  }

  /**
   * Returns the class names and package patterns ({@code com.acme.*}) of the option, or null
   * when the value is bad. Package patterns keep their trailing {@code .*}.
   */
  private List<String> typeNames(Option option) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String part : setting.value().split(";")) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      String bare = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
      if (!PACKAGE.matcher(bare.replace('$', '_')).matches()) {
        problem(setting, option.accepted() + " ('" + name + "' is not a class or package name)",
            option.whenBad());
        return null;
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /**
   * The per-method memoization options ({@code memoize.<Class>::<method>.<attribute>}), one
   * override per method filter. A bad value or an unknown attribute keeps that method from being
   * memoized; a key that names no method turns memoization off (it may be a typo of anything).
   *
   * @return the overrides, or null when memoization must be off
   */
  private List<MemoizeOverride> memoizeOverrides() {
    Map<String, MemoizeOverride> byMethod = new LinkedHashMap<>();
    boolean usable = true;
    for (Setting setting : memoizeMethodSettings) {
      String name = setting.key().substring(MEMOIZE_METHOD_PREFIX.length());
      int dot = name.lastIndexOf('.');
      MethodFilter filter = null;
      if (dot > name.indexOf("::")) {
        try {
          filter = MethodFilter.parse(name.substring(0, dot));
        } catch (IllegalArgumentException e) {
          filter = null;
        }
      }
      if (filter == null || (filter.kind() != MethodFilter.Kind.METHOD
          && filter.kind() != MethodFilter.Kind.METHOD_NAME)) {
        problem(setting, "a key memoize.<Class>::<method>.<attribute> or"
            + " memoize.::<method>.<attribute>, with one of " + MemoizeOverride.ATTRIBUTES,
            "memoization is off");
        usable = false;
        continue;
      }
      String attribute = name.substring(dot + 1);
      MemoizeOverride override = byMethod.getOrDefault(filter.toString(),
          new MemoizeOverride(filter, null, null, null, null, null, null));
      Object value = memoizeValue(attribute, setting.value());
      if (value == null) {
        String accepted = memoizeAccepted(attribute);
        String why = accepted == null
            ? "unknown attribute '" + attribute + "' (expected one of "
                + MemoizeOverride.ATTRIBUTES + ")"
            : "expected " + accepted;
        problems.add("option " + setting.key() + "='" + setting.value() + "' ("
            + setting.origin() + "): " + why + "; " + filter + " is not memoized");
        override = override.broken("option " + setting.key() + "='" + setting.value() + "': "
            + why);
      } else {
        override = override.with(attribute, value);
      }
      byMethod.put(filter.toString(), override);
    }
    return usable ? List.copyOf(byMethod.values()) : null;
  }

  /** The parsed value of a per-method memoization attribute, or null when it is bad. */
  private static Object memoizeValue(String attribute, String value) {
    try {
      switch (attribute) {
        case "maxsize": {
          long size = Long.parseLong(value);
          return size >= 1 ? size : null;
        }
        case "expireafterwrite":
          return Durations.parse(value);
        case "verify": {
          int verify = Integer.parseInt(value);
          return verify >= 0 ? verify : null;
        }
        case "verifyrate": {
          double rate = Double.parseDouble(value);
          return rate >= 0 && rate <= 1 ? rate : null;
        }
        case "enabled":
          return value.equalsIgnoreCase("true") ? Boolean.TRUE
              : value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        default:
          return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What a per-method memoization attribute accepts, or null for an unknown attribute. */
  private static String memoizeAccepted(String attribute) {
    switch (attribute) {
      case "maxsize":
        return "a whole number of at least 1";
      case "expireafterwrite":
        return "a duration such as 500ms, 30s or 5m, or 0 for never";
      case "verify":
        return "a whole number of 0 or more";
      case "verifyrate":
        return "a fraction from 0 to 1, such as 0.001";
      case "enabled":
        return "true or false";
      default:
        return null;
    }
  }

  /** Returns the package list, or null when the value is bad. */
  private List<String> packages(Option option) {
    Setting setting = settings.get(option.key());
    if (setting == null) {
      return List.of();
    }
    List<String> packages = new ArrayList<>();
    for (String part : setting.value().split(";")) {
      String name = part.strip();
      if (name.endsWith(".*")) {
        name = name.substring(0, name.length() - 2);
      } else if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      if (name.isEmpty()) {
        continue;
      }
      if (!PACKAGE.matcher(name).matches()) {
        problem(setting, option.accepted() + " ('" + name + "' is not a package name)",
            option.whenBad());
        return null;
      }
      packages.add(name);
    }
    return List.copyOf(packages);
  }

  private void problem(Setting setting, String accepted, String consequence) {
    problems.add(
        "option "
            + setting.key()
            + "='"
            + setting.value()
            + "' ("
            + setting.origin()
            + "): expected "
            + accepted
            + "; "
            + consequence);
  }

  private static String describe(Exception e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + ": " + e.getMessage();
  }
}
