package dev.overclock.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link Config} from the four places options come from, in this precedence (first
 * wins): the agent argument ({@code -javaagent:overclock-agent.jar=key=value,key=value}), system
 * properties ({@code -Doverclock.key=value}), environment variables ({@code OVERCLOCK_KEY}, dots
 * written as underscores), and the properties file named by {@code config} (from any of the
 * other three). Options are listed, with their types, ranges and defaults, in {@link Options}.
 *
 * <p>Parsing never throws. Each problem becomes one line that names the option, where it came
 * from, the bad value, what is accepted, and what was turned off. An unknown key or an unreadable
 * {@code config} file turns the whole agent off: the user asked for something the agent cannot
 * tell apart from a typo in {@code enabled=false}, so doing nothing is the safe reading.
 *
 * <p>The work is split by stage: {@link SettingsReader} collects the settings as given (sources,
 * precedence, keys given twice, unknown keys), {@link OptionValues} reads each value with its
 * option's type, and each feature's record ({@link TimingOptions}, {@link JfrOptions}, ...)
 * decides from its own options whether the feature is on.
 */
public final class ConfigParser {

  private ConfigParser() {}

  /** Parses the options of this JVM: the given agent argument, system properties, environment. */
  public static Config parse(String agentArgument) {
    return parse(agentArgument, System.getProperties(), System.getenv());
  }

  /** Parses options from explicit sources; the unit-testable form of {@link #parse(String)}. */
  public static Config parse(
      String agentArgument, Properties systemProperties, Map<String, String> environment) {
    SettingsReader read = SettingsReader.read(agentArgument, systemProperties, environment);
    List<String> problems = new ArrayList<>(read.problems);
    OptionValues values = new OptionValues(read.settings, read.conflicts, problems);
    List<MemoizeOverride> overrides =
        MemoizeOverrides.read(read.memoizeMethodSettings, read.conflicts, problems);
    boolean agentOff = read.agentOff || values.anyBad(Options.ENABLED, Options.CONFIG);
    Setting enabled = read.settings.get(Options.ENABLED.key());
    if (enabled != null && enabled.value().equalsIgnoreCase("false")) {
      // enabled=false wins over every other problem: the user wants no agent; say nothing more.
      problems.clear();
    }
    return new Config(
        values.on(Options.ENABLED) && !agentOff,
        TimingOptions.from(values),
        MemoOptions.from(values, overrides),
        OffloadOptions.from(values),
        ScopeOptions.from(values),
        ReportOptions.from(values),
        JfrOptions.from(values),
        PrometheusOptions.from(values),
        values.on(Options.VERBOSE),
        OptionValues.shown(read.settings.values()),
        problems,
        OverheadOptions.from(values),
        values.on(Options.ATTACH_FULL_RECOMPILE));
  }

  /** Splits on commas outside double quotes, so that {@code report.dir="/a,b"} keeps its comma. */
  public static List<String> splitPairs(String argument) {
    return SettingsReader.splitPairs(argument);
  }

  /** See {@link SettingsReader#escapeMethodKeys}. */
  static String escapeMethodKeys(String text) {
    return SettingsReader.escapeMethodKeys(text);
  }
}
