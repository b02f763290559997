package dev.overclock.cli;

import dev.overclock.control.ControlProtocol;
import dev.overclock.log.Printable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code list}: the JVMs this user can attach to, with their JDK and whether Overclock runs in
 * them. Each JVM is asked through the attach mechanism (its system properties), in parallel and
 * with a time limit, so one JVM that does not answer delays the list by seconds, not forever.
 */
final class ListCommand {

  private static final long ASK_SECONDS = 15;

  private ListCommand() {}

  /** One line of the list. */
  record Entry(long pid, String jdk, String overclock, String main) {}

  static int run(List<String> args, PrintStream out) throws CliException {
    if (!args.isEmpty()) {
      throw CliException.usage("list takes no arguments");
    }
    List<Targets.Jvm> jvms = Targets.list();
    if (jvms.isEmpty()) {
      out.println("no other JVM of user " + JvmProcess.currentUser() + " is running");
      return Cli.OK;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, jvms.size()), task -> {
      Thread thread = new Thread(task, "overclock-list");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Entry>> answers = new ArrayList<>();
      for (Targets.Jvm jvm : jvms) {
        answers.add(pool.submit(() -> ask(jvm)));
      }
      List<Entry> entries = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ASK_SECONDS);
      for (int i = 0; i < jvms.size(); i++) {
        Targets.Jvm jvm = jvms.get(i);
        try {
          long left = Math.max(0, deadline - System.nanoTime());
          entries.add(answers.get(i).get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          entries.add(new Entry(jvm.pid(), "?", "no answer", jvm.command()));
        } catch (java.util.concurrent.ExecutionException e) {
          entries.add(new Entry(jvm.pid(), "?", "?", jvm.command()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CliException.failed("interrupted");
        }
      }
      print(entries, out);
      return Cli.OK;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Entry ask(Targets.Jvm jvm) {
    try (AttachConnection vm = AttachConnection.open(jvm.pid())) {
      Properties properties = vm.systemProperties();
      String agent = properties.getProperty(ControlProtocol.AGENT_PROPERTY);
      return new Entry(jvm.pid(), properties.getProperty("java.version", "?"),
          agent == null ? "-" : agent, jvm.command());
    } catch (CliException e) {
      String reason = e.getMessage().contains("DisableAttachMechanism")
          ? "no attach (DisableAttachMechanism)"
          : e.getMessage().contains("exited") ? "exited" : "no attach";
      return new Entry(jvm.pid(), "?", reason, jvm.command());
    }
  }

  /**
   * The table. Every column but the pid is what the target says of itself (system properties,
   * command line), which whoever started it chose: printed with control characters escaped.
   */
  static void print(List<Entry> entries, PrintStream out) {
    int jdk = "JDK".length();
    int overclock = "OVERCLOCK".length();
    for (Entry entry : entries) {
      jdk = Math.max(jdk, Printable.of(entry.jdk()).length());
      overclock = Math.max(overclock, Printable.of(entry.overclock()).length());
    }
    String format = "%-8s %-" + jdk + "s %-" + overclock + "s %s%n";
    out.printf(Locale.ROOT, format, "PID", "JDK", "OVERCLOCK", "MAIN");
    for (Entry entry : entries) {
      out.printf(Locale.ROOT, format, entry.pid(), Printable.of(entry.jdk()),
          Printable.of(entry.overclock()),
          entry.main().isBlank() ? "(unknown)" : Printable.of(entry.main()));
    }
  }
}
