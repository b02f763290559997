package dev.overclock.cli;

import dev.overclock.config.Config;
import dev.overclock.config.ConfigParser;
import dev.overclock.config.Option;
import dev.overclock.config.Options;
import dev.overclock.control.ControlProtocol;
import dev.overclock.control.StatusMessage;
import dev.overclock.log.Printable;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code attach <pid | part of main class> [key=value ...]}: loads the agent into a running JVM
 * with the same options as {@code -javaagent}, or gives the agent already running there the new
 * options.
 *
 * <p>The options are checked here first, by the agent's own parser, so a bad option costs the
 * same one-line message as under {@code -javaagent} and the target is never touched. Relative
 * paths ({@code report.dir}, {@code config}) are taken relative to this command's directory,
 * where the user typed them, not the target's.
 */
final class AttachCommand {

  private AttachCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) throws CliException {
    if (args.isEmpty()) {
      throw CliException.usage("attach needs a pid or part of a main class: attach <pid|name>"
          + " [key=value ...]");
    }
    String options = options(args.subList(1, args.size()));
    List<String> problems = problems(options);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> err.println("overclock: " + problem));
      return Cli.USAGE;
    }
    long pid = Targets.resolve(args.get(0));

    String outcome;
    Properties properties;
    Properties agentProperties;
    try (AttachConnection vm = AttachConnection.open(pid)) {
      properties = vm.systemProperties();
      agentProperties = vm.agentProperties();
      String refusal = DynamicAgents.refusal(pid, agentProperties);
      if (refusal != null) {
        throw CliException.failed(refusal);
      }
      vm.loadAgent(AgentJar.path(), options);
      properties = vm.systemProperties();
      outcome = properties.getProperty(ControlProtocol.RESULT_PROPERTY, "off: no answer");
    }
    if (outcome.startsWith("off:")) {
      throw CliException.failed("Overclock did not start in pid " + pid + ": "
          + outcome.substring("off:".length()).strip());
    }
    String note = DynamicAgents.warningNote(pid, DynamicAgents.feature(properties), agentProperties);
    String control = properties.getProperty(ControlProtocol.CONTROL_PROPERTY);
    String verb = outcome.startsWith("updated") ? "options updated" : "started";
    out.println("Overclock " + verb + " in pid " + pid + " ("
        + Targets.describe(properties) + ")");
    if (control == null || outcome.contains("control channel off")) {
      // The outcome is a system property of the target: printed escaped, like all it says.
      err.println("overclock: warning: "
          + Printable.of(outcome.substring(outcome.indexOf(';') + 1).strip())
          + "; status, top, report and detach cannot reach pid " + pid);
    } else {
      StatusMessage status =
          StatusMessage.decode(AgentChannel.at(pid, Path.of(control)).request(ControlProtocol.STATUS));
      out.println(AgentView.features(status));
      out.println(AgentView.health(status));
      status.problems().forEach(problem -> err.println("overclock: warning: " + problem));
      out.println("next: 'status " + pid + "' shows the figures, 'top " + pid + "' follows them,"
          + " 'detach " + pid + "' takes Overclock out again");
    }
    if (note != null) {
      err.println("overclock: " + note);
    }
    return Cli.OK;
  }

  /**
   * The arguments as one agent argument: each is one or more {@code key=value} pairs (separated
   * by commas, as after {@code -javaagent:overclock-agent.jar=}), with relative paths made
   * absolute.
   */
  static String options(List<String> args) {
    List<String> pairs = new ArrayList<>();
    for (String arg : args) {
      for (String pair : ConfigParser.splitPairs(arg)) {
        if (!pair.isBlank()) {
          pairs.add(absolutePaths(pair.strip()));
        }
      }
    }
    return String.join(",", pairs);
  }

  private static String absolutePaths(String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      return pair;
    }
    String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
    String value = pair.substring(eq + 1).strip();
    boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
    String raw = quoted ? value.substring(1, value.length() - 1) : value;
    if (!(key.equals(Options.REPORT_DIR.key()) || key.equals(Options.CONFIG.key()))
        || raw.isEmpty()) {
      return pair;
    }
    try {
      String absolute = Path.of(raw).toAbsolutePath().normalize().toString();
      return key + "=" + (quoted || absolute.contains(",") ? "\"" + absolute + "\"" : absolute);
    } catch (InvalidPathException e) {
      return pair; // the parser names the bad value
    }
  }

  /**
   * What the agent's parser would say about these options (as the agent argument alone: the
   * target's own system properties and environment are read there), each line ending with what
   * happens here instead of what the agent would turn off: nothing is attached.
   */
  static List<String> problems(String options) throws CliException {
    Config config = ConfigParser.parse(options, new Properties(), Map.of());
    List<String> lines = new ArrayList<>();
    for (String problem : config.problems()) {
      lines.add(withoutConsequence(problem) + "; nothing was attached");
    }
    if (lines.isEmpty() && !config.enabled()) {
      throw CliException.usage("enabled=false: nothing to attach ('detach' takes a running"
          + " Overclock out)");
    }
    return lines;
  }

  private static String withoutConsequence(String problem) {
    // An unknown option says its consequence first ("Overclock is off: unknown option ...").
    String off = "Overclock is off: ";
    if (problem.startsWith(off)) {
      return problem.substring(off.length());
    }
    List<String> consequences = new ArrayList<>();
    consequences.add("Overclock is off");
    consequences.add("ignored");
    for (Option option : Options.ALL) {
      consequences.add(option.whenBad());
    }
    for (String consequence : consequences) {
      if (problem.endsWith("; " + consequence)) {
        return problem.substring(0, problem.length() - consequence.length() - 2);
      }
    }
    return problem;
  }
}
