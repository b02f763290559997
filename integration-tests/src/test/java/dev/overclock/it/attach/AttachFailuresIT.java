package dev.overclock.it.attach;

import static dev.overclock.it.attach.AttachFixture.cli;
import static dev.overclock.it.attach.AttachFixture.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import dev.overclock.it.support.RunningJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way an attach can go wrong ends with one line on standard error naming what happened and
 * what to do, a non-zero exit (2 for a mistake in the command line, 1 otherwise), and the target
 * running untouched.
 *
 * <p>Its targets run while no test of {@link AttachIT} attaches by name (a concurrent class of
 * {@link AttachIT} may run beside this one).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = AttachIT.TARGETS, mode = ResourceAccessMode.READ)
class AttachFailuresIT {

  private final AttachFixture fixture = new AttachFixture();
  private Process other;

  @AfterEach
  void killTargets() {
    fixture.close();
    if (other != null) {
      other.destroyForcibly();
    }
  }

  private static Jdk newest() {
    return Jdks.all().get(Jdks.all().size() - 1);
  }

  @Test
  void unknownPid_isOneLine() {
    long pid = unusedPid();
    for (String command : new String[] {"attach", "status", "top", "report", "detach"}) {
      RunResult run = cli(Jdks.current(), command, Long.toString(pid));
      assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
      assertThat(run.stderr()).isEqualTo("overclock: no process with pid " + pid + "\n");
    }
  }

  @Test
  void nameMatchingNoJvm_orSeveral_isOneLine() {
    RunResult none = cli(Jdks.current(), "status", "NoSuchMainClassAnywhere");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr()).isEqualTo("overclock: no JVM of user " + System.getProperty("user.name")
        + " runs a main class or jar matching 'NoSuchMainClassAnywhere' ('list' shows them)\n");

    RunningJvm first = fixture.target(Jdks.current(), "twin-1");
    RunningJvm second = fixture.target(Jdks.current(), "twin-2");
    RunResult both = cli(Jdks.current(), "attach", "fixtureapp.attach.AttachTarg");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.stderr().lines()).singleElement().asString()
        .startsWith("overclock: 'fixtureapp.attach.AttachTarg' matches ")
        .contains(first.pid() + " " + AttachFixture.TARGET, second.pid() + " " + AttachFixture.TARGET)
        .endsWith("; give the pid");
    assertThat(probe(first)).isEqualTo(-1);
    assertThat(probe(second)).isEqualTo(-1);
  }

  @Test
  void aProcessThatIsNoJvm_isNeverSignalled() throws IOException {
    other = new ProcessBuilder("sleep", "300").start();
    RunResult run = cli(Jdks.current(), "attach", Long.toString(other.pid()));
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("overclock: pid " + other.pid() + " is not a JVM that"
        + " accepts attach (").contains("sleep does not handle SIGQUIT");
    assertThat(other.isAlive()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void processThatExitsDuringAttach_isOneLine(Jdk jdk) {
    RunningJvm target = fixture.exitOnAttach(jdk);

    RunResult run = cli(jdk, "attach", Long.toString(target.pid()));

    assertThat(target.awaitExit(60)).isEqualTo(3);
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("overclock: pid " + target.pid() + " exited during attach\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void targetWithDisableAttachMechanism_isOneLine(Jdk jdk) {
    RunningJvm target = fixture.target(jdk, "no-attach", "-XX:+DisableAttachMechanism");

    RunResult run = cli(jdk, "attach", Long.toString(target.pid()));

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("overclock: pid " + target.pid() + " does not accept"
        + " attach: it was started with -XX:+DisableAttachMechanism; restart it without that"
        + " flag, or start Overclock with -javaagent\n");
    // Untouched: not even a thread dump (the signal an attach sends would print one).
    assertThat(target.isAlive()).isTrue();
    assertThat(probe(target)).isEqualTo(-1);
    assertThat(String.join("\n", target.stdoutLines())).doesNotContain("Full thread dump");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void targetRefusingDynamicAgents_namesTheFlagThatAllowsThem(Jdk jdk) {
    // JEP 451: -XX:-EnableDynamicAgentLoading refuses agents loaded into a running JVM (JDK 17
    // already has the flag; from JDK 21 the default only warns, a future JDK will refuse).
    RunningJvm target = fixture.target(jdk, "no-dynamic-agents", "-XX:-EnableDynamicAgentLoading");

    RunResult run = cli(jdk, "attach", Long.toString(target.pid()));

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("overclock: pid " + target.pid() + " refuses dynamic"
        + " agents: it was started with -XX:-EnableDynamicAgentLoading (JEP 451); restart it with"
        + " -XX:+EnableDynamicAgentLoading, or start Overclock with -javaagent\n");
    assertThat(probe(target)).isEqualTo(-1);
    assertThat(target.stderr()).doesNotContain("[overclock]");
  }

  @Test
  void jdk21PlusTarget_withoutTheFlag_warnsThere_andTheCommandLineSaysWhy() {
    Jdk jdk = newest();
    assumeTrue(jdk.feature() >= 21, "no JDK 21+ installed: the JEP 451 warning does not exist on "
        + jdk);
    RunningJvm target = fixture.target(jdk, "jep451-warning");
    String pid = Long.toString(target.pid());

    RunResult run = cli(Jdks.all().get(0), "attach", pid);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stderr()).isEqualTo("overclock: note: JDK " + jdk.feature() + " prints a warning"
        + " about a dynamically loaded agent on the standard error of pid " + pid + " (JEP 451);"
        + " start it with -XX:+EnableDynamicAgentLoading to attach without that warning (a future"
        + " JDK will refuse dynamic agents without it)\n");
    // What the target prints: four WARNING lines, the first naming the jar.
    assertThat(target.awaitStderrLine(line -> line.startsWith("WARNING: A Java agent has been"
        + " loaded dynamically ("), 30)).contains("overclock-agent.jar");
    assertThat(target.awaitStderrLine(line -> line.startsWith("WARNING: If a serviceability tool"
        + " is in use"), 30)).contains("-XX:+EnableDynamicAgentLoading");
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.overclock.it.support.Jdks#all")
  void badOptions_printTheAgentsOwnMessages_andLeaveTheTargetUntouched(Jdk jdk) {
    RunningJvm target = fixture.target(jdk, "bad-options", "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());

    RunResult run = cli(jdk, "attach", pid, "report.interval=soon", "nosuchkey=1");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
    // The lines -javaagent prints, ending with what happens here instead: nothing.
    assertThat(run.stderr().lines()).containsExactly(
        "overclock: unknown option 'nosuchkey' (agent argument). All options:"
            + " java -jar overclock-agent.jar options; nothing was attached",
        "overclock: option report.interval='soon' (agent argument): expected a duration from"
            + " 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit only; nothing"
            + " was attached");
    assertThat(probe(target)).isEqualTo(-1);
    assertThat(target.stderr()).doesNotContain("[overclock]");
    RunResult status = cli(jdk, "status", pid);
    assertThat(status.stderr()).contains("Overclock is not running in pid " + pid);
  }

  @Test
  void jvmOfAnotherUser_isOneLine() throws IOException, InterruptedException {
    // The command line runs as 'nobody', the target as this user: needs root (to switch user)
    // and setpriv; the message's wording is also covered by JvmProcessTest.
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(JvmProcessUser.isRoot() && Files.isExecutable(setpriv),
        "needs root and /usr/bin/setpriv to run the command line as another user");
    RunningJvm target = fixture.target(Jdks.current(), "other-user", "-XX:+EnableDynamicAgentLoading");

    RunResult run = JvmLauncher.program(setpriv)
        .args("--reuid=65534", "--regid=65534", "--clear-groups",
            Jdks.current().java().toString(), "-jar", JvmLauncher.AGENT_JAR.toString(),
            "attach", Long.toString(target.pid()))
        .named("cli-other-user").timeoutSeconds(120).run();

    String owner = System.getProperty("user.name");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr().lines().filter(line -> line.startsWith("overclock:"))).containsExactly(
        "overclock: pid " + target.pid() + " belongs to user " + owner + ", and a JVM accepts"
            + " attach only from its own user (or root); run this as " + owner + ", e.g. sudo -u "
            + owner + " java -jar overclock-agent.jar ...");
    assertThat(probe(target)).isEqualTo(-1);
  }

  /** A pid no process has now. */
  private static long unusedPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }

  /** Whether these tests run as root. */
  private static final class JvmProcessUser {
    static boolean isRoot() throws IOException, InterruptedException {
      Process id = new ProcessBuilder("id", "-u").start();
      id.waitFor(10, TimeUnit.SECONDS);
      return new String(id.getInputStream().readAllBytes()).strip().equals("0");
    }
  }
}
