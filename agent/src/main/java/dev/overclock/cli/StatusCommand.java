package dev.overclock.cli;

import dev.overclock.control.ControlProtocol;
import dev.overclock.control.StatusMessage;
import java.io.PrintStream;
import java.util.List;

/** {@code status <pid>}: the agent's figures and health, once. */
final class StatusCommand {

  private StatusCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err, Terminal.Size terminal)
      throws CliException {
    if (args.size() != 1) {
      throw CliException.usage("status needs one pid or part of a main class: status <pid|name>");
    }
    long pid = Targets.resolve(args.get(0));
    StatusMessage status =
        StatusMessage.decode(AgentChannel.open(pid).request(ControlProtocol.STATUS));
    print(status, out, err, terminal.columns());
    return Cli.OK;
  }

  /** The header lines, the problems (on {@code err}) and the whole table. */
  static void print(StatusMessage status, PrintStream out, PrintStream err, int width) {
    out.println(AgentView.identity(status));
    AgentView.wrap(AgentView.features(status), width).forEach(out::println);
    String options = AgentView.options(status);
    if (options != null) {
      AgentView.wrap(options, width).forEach(out::println);
    }
    out.println(AgentView.health(status));
    AgentView.pools(status).forEach(line -> AgentView.wrap(line, width).forEach(out::println));
    AgentView.optimizations(status)
        .forEach(line -> AgentView.wrap(line, width).forEach(out::println));
    String overhead = status.facts().get(StatusMessage.OVERHEAD);
    if (overhead != null) {
      out.println(overhead);
    }
    status.problems().forEach(problem -> err.println("overclock: warning: " + problem));
    out.println();
    if (status.methods().isEmpty()) {
      out.println("no timed method was called yet");
      return;
    }
    out.println(AgentView.totals(status) + ", by thread time (calls' time summed over threads):");
    MethodTable.render(status.methods(), null, width, 0).forEach(out::println);
  }
}
