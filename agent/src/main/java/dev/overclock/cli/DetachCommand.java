package dev.overclock.cli;

import dev.overclock.control.ControlProtocol;
import dev.overclock.control.StatusMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code detach <pid>}: takes Overclock out of a JVM (original bytecode restored, the agent's
 * threads stopped, the final report written) and prints the final figures and the report's path.
 */
final class DetachCommand {

  private DetachCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err, Terminal.Size terminal)
      throws CliException {
    if (args.size() != 1) {
      throw CliException.usage("detach needs one pid or part of a main class: detach <pid|name>");
    }
    long pid = Targets.resolve(args.get(0));
    StatusMessage status =
        StatusMessage.decode(AgentChannel.open(pid).request(ControlProtocol.DETACH));
    long classes = status.number(StatusMessage.RESTORED_CLASSES);
    out.println("Overclock detached from pid " + pid + ": original bytecode of "
        + Math.max(0, classes) + (classes == 1 ? " class" : " classes")
        + " restored, its threads stopped");
    status.problems().forEach(problem -> err.println("overclock: warning: " + problem));
    if (!status.methods().isEmpty()) {
      out.println();
      out.println("final figures: " + AgentView.totals(status) + ", by total time:");
      MethodTable.render(status.methods(), null, terminal.columns(), 0).forEach(out::println);
      out.println();
    }
    String dir = status.fact(StatusMessage.REPORT_DIR, "");
    if (dir.isEmpty()) {
      out.println("no final report written (report.dir is empty, or writing failed)");
    } else {
      out.println("final report: " + Path.of(dir).resolve("report.html"));
    }
    return Cli.OK;
  }
}
