package dev.overclock.cli;

import dev.overclock.agent.Version;
import dev.overclock.config.Option;
import dev.overclock.config.Options;
import java.io.PrintStream;

/**
 * The command line of the agent jar: {@code java -jar overclock-agent.jar <command>}.
 *
 * <p>Every command returns an exit code instead of calling {@code System.exit}, so that tests can
 * run it in process: 0 for success, 2 for a usage error (unknown command or option).
 */
public final class Cli {

  static final int OK = 0;
  static final int USAGE = 2;

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      usage(out);
      return OK;
    }
    switch (args[0]) {
      case "help":
      case "--help":
      case "-h":
        usage(out);
        return OK;
      case "version":
      case "--version":
        out.println("overclock " + Version.get());
        return OK;
      case "options":
        options(out);
        return OK;
      case "analyze":
        return dev.overclock.analyze.AnalyzeCommand.run(rest(args), out, err);
      case "compare":
        return dev.overclock.analyze.CompareCommand.run(rest(args), out, err);
      default:
        err.println("overclock: unknown command '" + args[0] + "'; commands: help, version,"
            + " options, analyze, compare");
        return USAGE;
    }
  }

  private static String[] rest(String[] args) {
    return java.util.Arrays.copyOfRange(args, 1, args.length);
  }

  private static void usage(PrintStream out) {
    out.println("Overclock " + Version.get() + ": times hot methods and explains where time goes.");
    out.println();
    out.println("As an agent:");
    out.println("  java -javaagent:overclock-agent.jar[=key=value,...] -jar your-app.jar");
    out.println();
    out.println("Commands:");
    out.println("  help      this text");
    out.println("  version   the agent's version");
    out.println("  options   every agent option, its default and what it accepts");
    out.println("  analyze   turn a .jfr recording into a report: analyze <recording.jfr>"
        + " [--html out.html] [--json out.json] [--config-out overclock.properties]"
        + " [--include com.acme] [--top N] [--no-rules] [--quiet]");
    out.println("  compare   compare two report.json files, a CI gate: compare <before.json>"
        + " <after.json> [--fail-on p99=+10%] [--fail-on errors=+0]");
  }

  private static void options(PrintStream out) {
    for (Option option : Options.ALL) {
      out.println(option.key() + (option.defaultValue().isEmpty() ? "" : " (default "
          + option.defaultValue() + ")"));
      out.println("    " + option.description());
      out.println("    accepts " + option.accepted());
    }
  }
}
