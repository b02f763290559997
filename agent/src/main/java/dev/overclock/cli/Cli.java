package dev.overclock.cli;

import dev.overclock.version.Version;
import dev.overclock.config.Option;
import dev.overclock.config.Options;
import dev.overclock.log.Printable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of the agent jar: {@code java -jar overclock-agent.jar <command>}.
 *
 * <p>Every command returns an exit code instead of calling {@code System.exit}, so that tests can
 * run it in process: 0 for success, 1 for a failure, 2 for a usage error (unknown command or
 * option, ambiguous target). Every failure is one line on standard error, {@code overclock:
 * <what happened and what to do>}; one command ({@code attach} with several bad options) prints
 * one line per problem.
 */
public final class Cli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String COMMANDS =
      "help, version, options, list, attach, status, top, report, detach, analyze, compare,"
          + " check";

  private Cli() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), System.console() != null);
  }

  /**
   * @param environment for the terminal size ({@code COLUMNS}, {@code LINES})
   * @param interactive whether standard output is a terminal ({@code top} redraws in place)
   */
  static int run(
      String[] args, PrintStream out, PrintStream err, Map<String, String> environment,
      boolean interactive) {
    if (args.length == 0) {
      usage(out);
      return OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
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
        case "list":
          return ListCommand.run(rest, out);
        case "attach":
          return AttachCommand.run(rest, out, err);
        case "status":
          return StatusCommand.run(rest, out, err, Terminal.size(environment, interactive));
        case "top":
          return TopCommand.run(rest, out, Terminal.size(environment, interactive), interactive);
        case "report":
          return ReportCommand.run(rest, out);
        case "detach":
          return DetachCommand.run(rest, out, err, Terminal.size(environment, interactive));
        case "analyze":
          return AnalyzeCommand.run(rest(args), out, err);
        case "compare":
          return CompareCommand.run(rest(args), out, err);
        case "check":
          return CompareCommand.check(rest(args), out, err);
        default:
          err.println("overclock: unknown command '" + args[0] + "'; commands: " + COMMANDS);
          return USAGE;
      }
    } catch (CliException e) {
      // Messages may quote a target's answer or a file's content: printed escaped.
      err.println("overclock: " + Printable.of(e.getMessage()));
      return e.exitCode();
    } catch (RuntimeException | LinkageError e) {
      err.println(Printable.of("overclock: " + args[0] + " failed unexpectedly: " + e));
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static String[] rest(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }

  private static void usage(PrintStream out) {
    out.println("Overclock " + Version.get() + ": times hot methods and explains where time goes.");
    out.println();
    out.println("As an agent:");
    out.println("  java -javaagent:overclock-agent.jar[=key=value,...] -jar your-app.jar");
    out.println();
    out.println("Commands (java -jar overclock-agent.jar <command>):");
    out.println("  help                         this text");
    out.println("  version                      the agent's version");
    out.println("  options                      every agent option, its default and what it accepts");
    out.println("  list                         this user's JVMs: pid, JDK, Overclock, main class");
    out.println("  attach <jvm> [key=value ...] load Overclock into a running JVM, with the same");
    out.println("                               options as -javaagent; again: change the options");
    out.println("  status <jvm>                 the timed methods' figures and the agent's health");
    out.println("  top <jvm> [--iterations N]   the same, refreshed every second until Ctrl-C");
    out.println("  report <jvm>                 write the report files now and print their paths");
    out.println("  detach <jvm>                 take Overclock out: original bytecode, no threads,");
    out.println("                               final report");
    out.println("  analyze <recording.jfr> [--html out.html] [--json out.json]");
    out.println("          [--config-out overclock.properties] [--include com.acme] [--top N]");
    out.println("          [--no-rules] [--quiet]");
    out.println("                               turn a .jfr recording from any JVM into a report");
    out.println("  compare <before.json> <after.json> [--fail-on p95=+10%] [--fail-on errors=+0]");
    out.println("          [--baseline a.json... --candidate b.json...] [--noise-floor 40%]");
    out.println("          [--format text|markdown|junit|github[=file]]");
    out.println("          [--inconclusive pass|fail]");
    out.println("                               per-method changes judged against noise; exit 1");
    out.println("                               when a budget is exceeded (p90+ need 3 runs/side)");
    out.println("  check <report.json>... [--fail-on p95<500ms] [--fail-on error-rate<1%]");
    out.println("                               a run against absolute budgets (a load test's)");
    out.println();
    out.println("<jvm> is a pid, or part of the main class or jar of one JVM of this user.");
    out.println("JDK 21+ targets: start them with -XX:+EnableDynamicAgentLoading to attach without");
    out.println("a warning (JEP 451).");
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
