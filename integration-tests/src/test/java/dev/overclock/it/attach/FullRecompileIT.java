package dev.overclock.it.attach;

import static dev.overclock.it.attach.AttachFixture.cli;
import static dev.overclock.it.attach.AttachFixture.demoRun;
import static dev.overclock.it.attach.AttachFixture.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import dev.overclock.it.support.RunningJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceAccessMode;

/**
 * An attach that would make the JVM throw away all of its compiled code is refused unless the
 * user accepts it, and the JVM's own log ({@code -Xlog:redefine+class+nmethod=debug}, which
 * HotSpot writes when a class change marks compiled code for deoptimisation) shows that the
 * refusal was right: on JDK 17 to 22, a target started without an agent marks all of it once
 * Overclock starts; one started with the agent idle ({@code enabled=false}) and JDK 23 and later
 * mark only the code that depends on the changed classes.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = AttachIT.TARGETS, mode = ResourceAccessMode.READ)
class FullRecompileIT {

  private static final String ALL = "Marked all nmethods for deopt";
  private static final String DEPENDENT = "dependent nmethods for deopt";

  private final AttachFixture fixture = new AttachFixture();

  @AfterEach
  void killTargets() {
    fixture.close();
  }

  private static Jdk withoutRecordedDependencies() {
    List<Jdk> old = Jdks.all().stream().filter(jdk -> jdk.feature() < 23).toList();
    assumeTrue(!old.isEmpty(), "needs a JDK 17 to 22: only " + Jdks.all() + " installed");
    return old.get(0);
  }

  @Test
  void jdk17to22WithoutAnAgent_isRefused_untouched_andAcceptingShowsWhy() {
    Jdk jdk = withoutRecordedDependencies();
    RunningJvm target = fixture.target(jdk, "full-recompile", log("full-recompile"));
    String pid = Long.toString(target.pid());
    demoRun(target); // the demo's classes loaded (and compiled) before any attach

    RunResult refused = cli(jdk, "attach", pid, "summary=false");

    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
    assertThat(refused.stderr()).startsWith("overclock: Overclock did not start in pid " + pid
        + ": JDK " + jdk.feature() + " would throw away all of this JVM's compiled code")
        .contains("attach.fullrecompile=true", "-javaagent:overclock-agent.jar=enabled=false")
        .hasLineCount(1);
    assertThat(probe(target)).isEqualTo(-1); // no bridge: nothing of the agent was put in place
    assertThat(logOf(target)).doesNotContain("Marked"); // no class was changed

    // Without the live stream: the demo's @Timed classes are the first classes changed.
    RunResult accepted = cli(jdk, "attach", pid, "summary=false", "auto=off", "jfr=false",
        "attach.fullrecompile=true");

    assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
    awaitLog(target, ALL);
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
    // Once is all: a later attach (JFR still never used) finds nothing left to throw away.
    RunResult again = cli(jdk, "attach", pid, "summary=false", "auto=off", "jfr=false");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(awaitLog(target, DEPENDENT)).containsOnlyOnce(ALL);
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  @Test
  void jdk17to22WithTheAgentIdleFromLaunch_attaches_andOnlyDependentCodeIsDiscarded() {
    Jdk jdk = withoutRecordedDependencies();
    RunningJvm target = fixture.target(jdk, "idle-agent", log("idle-agent"),
        "-javaagent:" + JvmLauncher.AGENT_JAR + "=enabled=false");
    String pid = Long.toString(target.pid());

    RunResult attach = cli(jdk, "attach", pid, "summary=false", "auto=off");

    assertThat(attach.exitCode()).as(attach.describe()).isZero();
    assertThat(attach.stdout()).startsWith("Overclock started in pid " + pid);
    assertThat(awaitLog(target, DEPENDENT)).doesNotContain(ALL);
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  @Test
  void jdk23On_attachesWithoutAnAgentAtLaunch_andOnlyDependentCodeIsDiscarded() {
    List<Jdk> recent = Jdks.all().stream().filter(jdk -> jdk.feature() >= 23).toList();
    assumeTrue(!recent.isEmpty(), "needs a JDK 23 or later: only " + Jdks.all() + " installed");
    Jdk jdk = recent.get(recent.size() - 1);
    RunningJvm target = fixture.target(jdk, "recorded", log("recorded"),
        "-XX:+EnableDynamicAgentLoading");
    String pid = Long.toString(target.pid());

    RunResult attach = cli(jdk, "attach", pid, "summary=false", "auto=off");

    assertThat(attach.exitCode()).as(attach.describe()).isZero();
    assertThat(awaitLog(target, DEPENDENT)).doesNotContain(ALL);
    assertThat(cli(jdk, "detach", pid).exitCode()).isZero();
  }

  /** The JVM option that logs each class change's deoptimisation to a file of the target's. */
  private static String log(String name) {
    return "-Xlog:redefine+class+nmethod=debug:file=" + name + "-redefine.log";
  }

  private static String logOf(RunningJvm target) {
    try (var files = Files.list(target.workDir())) {
      Path log = files.filter(file -> file.getFileName().toString().endsWith("-redefine.log"))
          .findFirst().orElse(null);
      return log == null ? "" : Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the target's log has the line; returns the whole log. */
  private static String awaitLog(RunningJvm target, String line) {
    return Await.until(Duration.ofSeconds(60), "'" + line + "' in the JVM's log",
        () -> logOf(target).contains(line) ? logOf(target) : null,
        () -> logOf(target) + "\n" + target.describe());
  }
}
