package dev.overclock.cli;

import dev.overclock.control.ControlProtocol;
import dev.overclock.control.StatusMessage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code top <pid> [--iterations N]}: the table of timed methods, refreshed every second until
 * Ctrl-C or the target exits (like {@code top} or {@code py-spy top}), sorted by total time, with
 * each method's calls per second over the last refresh, fitted to the terminal.
 *
 * <p>On a terminal each frame replaces the previous one (ANSI: cursor home, clear screen) and the
 * table is cut to the terminal's height. Elsewhere (a pipe, a file, a test) frames are printed one
 * after another, separated by a blank line, without control characters. {@code --iterations N}
 * stops after N frames.
 */
final class TopCommand {

  static final long REFRESH_MILLIS = 1_000;
  private static final String CLEAR = "\u001b[H\u001b[2J";

  private TopCommand() {}

  static int run(List<String> args, PrintStream out, Terminal.Size terminal, boolean interactive)
      throws CliException {
    String spec = null;
    int iterations = 0;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--iterations") || arg.startsWith("--iterations=")) {
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
            : i + 1 < args.size() ? args.get(++i) : "";
        iterations = iterations(value);
      } else if (spec == null && !arg.startsWith("-")) {
        spec = arg;
      } else {
        throw CliException.usage("unexpected argument '" + arg + "'; top <pid|name>"
            + " [--iterations N]");
      }
    }
    if (spec == null) {
      throw CliException.usage("top needs a pid or part of a main class: top <pid|name>"
          + " [--iterations N]");
    }
    long pid = Targets.resolve(spec);
    AgentChannel channel = AgentChannel.open(pid);
    Map<String, Long> lastCalls = null;
    long lastNanos = 0;
    MethodTable.Layout layout = new MethodTable.Layout();
    for (int frame = 1; iterations == 0 || frame <= iterations; frame++) {
      StatusMessage status;
      try {
        status = StatusMessage.decode(channel.request(ControlProtocol.STATUS));
      } catch (CliException e) {
        if (e.ended()) {
          out.println(e.getMessage());
          return Cli.OK;
        }
        throw e;
      }
      long now = System.nanoTime();
      Map<String, Double> rates = new HashMap<>();
      Map<String, Long> calls = new HashMap<>();
      boolean haveRates = lastCalls != null;
      for (StatusMessage.Row row : status.methods()) {
        calls.put(row.name(), row.calls());
        if (lastCalls != null) {
          double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
          rates.put(row.name(), (row.calls() - lastCalls.getOrDefault(row.name(), 0L)) / seconds);
        }
      }
      lastCalls = calls;
      lastNanos = now;
      // The first frame has no rates yet: its calls/s column says "-", so that no column comes
      // or goes between frames.
      List<String> lines =
          frame(status, haveRates ? rates : Map.of(), terminal, interactive, layout);
      if (interactive) {
        out.print(CLEAR);
      } else if (frame > 1) {
        out.println();
      }
      lines.forEach(out::println);
      out.flush();
      if (iterations != 0 && frame == iterations) {
        break;
      }
      try {
        Thread.sleep(REFRESH_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Cli.OK;
      }
    }
    return Cli.OK;
  }

  private static int iterations(String value) throws CliException {
    try {
      int iterations = Integer.parseInt(value);
      if (iterations > 0) {
        return iterations;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CliException.usage("--iterations expects a whole number from 1, not '" + value + "'");
  }

  /** One screen on its own (see the overload). */
  static List<String> frame(
      StatusMessage status, Map<String, Double> rates, Terminal.Size terminal, boolean interactive) {
    return frame(status, rates, terminal, interactive, null);
  }

  /**
   * One screen: two header lines, a blank line, the table (cut to the terminal's height), in
   * the layout of the frames before it.
   */
  static List<String> frame(StatusMessage status, Map<String, Double> rates,
      Terminal.Size terminal, boolean interactive, MethodTable.Layout layout) {
    List<String> lines = new ArrayList<>();
    lines.add(fit("overclock top  " + AgentView.identity(status), terminal.columns()));
    lines.add(fit(AgentView.totals(status) + " (calls/s over the last refresh); agent: "
        + AgentView.errors(status), terminal.columns()));
    lines.add("");
    if (status.methods().isEmpty()) {
      lines.add("no timed method was called yet");
      return lines;
    }
    int maxRows = interactive && terminal.rows() > 0 ? Math.max(1, terminal.rows() - 6) : 0;
    lines.addAll(
        MethodTable.render(status.methods(), rates, terminal.columns(), maxRows, layout));
    return lines;
  }

  private static String fit(String line, int width) {
    return line.length() <= width ? line : line.substring(0, Math.max(0, width - 1)) + "…";
  }
}
