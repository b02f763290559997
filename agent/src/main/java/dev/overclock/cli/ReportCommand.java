package dev.overclock.cli;

import dev.overclock.control.ControlProtocol;
import dev.overclock.control.StatusMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code report <pid>}: the agent writes its report files now; prints their paths. */
final class ReportCommand {

  private ReportCommand() {}

  static int run(List<String> args, PrintStream out) throws CliException {
    if (args.size() != 1) {
      throw CliException.usage("report needs one pid or part of a main class: report <pid|name>");
    }
    long pid = Targets.resolve(args.get(0));
    StatusMessage status =
        StatusMessage.decode(AgentChannel.open(pid).request(ControlProtocol.REPORT));
    Path dir = Path.of(status.fact(StatusMessage.REPORT_DIR, ""));
    out.println(dir.resolve("report.html"));
    out.println(dir.resolve("report.json"));
    return Cli.OK;
  }
}
