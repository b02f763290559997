package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When an attach would make the JVM throw away all of its compiled code (what the JVM then does
 * is checked in real JVMs by the integration test {@code FullRecompileIT}): JDK 17 to 22 started
 * without an agent and before JFR's first use; never from JDK 23, which records what compiled
 * code depends on from its launch.
 */
class FullRecompileTest {

  private static final List<String> PLAIN = List.of("-Xmx512m", "-Dsun.net.httpserver.nodelay=true");

  @Test
  void jdk17to22_startedWithoutAnAgent_discardsAll() {
    assertThat(FullRecompile.discardsAll(17, PLAIN, false, null)).isTrue();
    assertThat(FullRecompile.discardsAll(21, List.of(), false, null)).isTrue();
    assertThat(FullRecompile.discardsAll(22, PLAIN, false, null)).isTrue();
  }

  @Test
  void anAgentAtLaunch_orJfrAlreadyUsed_leavesTheDependenciesRecorded() {
    for (String agent : List.of("-javaagent:/opt/overclock-agent.jar=enabled=false",
        "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n", "-agentpath:/opt/libprof.so",
        "-Xrunjdwp:transport=dt_socket")) {
      assertThat(FullRecompile.discardsAll(17, List.of("-Xmx1g", agent), false, null))
          .as(agent).isFalse();
    }
    // JFR's first use on JDK 17 retransformed the JDK's I/O classes: the discarding is over.
    assertThat(FullRecompile.discardsAll(17, PLAIN, true, null)).isFalse();
    // An option that only names an agent's jar is no agent.
    assertThat(FullRecompile.discardsAll(17, List.of("-Dagent.jar=-javaagent:x.jar"), false, null))
        .isTrue();
  }

  @Test
  void jdk23On_recordsAlways_unlessTheFlagSaysOtherwise() {
    assertThat(FullRecompile.discardsAll(23, PLAIN, false, null)).isFalse();
    assertThat(FullRecompile.discardsAll(25, PLAIN, false, null)).isFalse();
    // -XX:+UnlockExperimentalVMOptions -XX:-AlwaysRecordEvolDependencies: the old behaviour
    assertThat(FullRecompile.discardsAll(25, PLAIN, false, false)).isTrue();
    // a JDK 21 build carrying the change (JDK-8324241), its flag unlocked
    assertThat(FullRecompile.discardsAll(21, PLAIN, false, true)).isFalse();
  }

  @Test
  void accepted_isNeverRefused_andTheRefusalNamesBothWaysAround() {
    assertThat(FullRecompile.refusal(true)).isNull();
    String message = FullRecompile.message(17);
    assertThat(message).startsWith("JDK 17 would throw away all of this JVM's compiled code")
        .contains("attach.fullrecompile=true")
        .contains("-javaagent:overclock-agent.jar=enabled=false")
        .doesNotContain("\n");
  }

  @Test
  void thisJvm_isJudgedByItsOwnRelease() {
    // The test JVM runs without an agent on its command line (Byte Buddy's agent is attached at
    // run time, if at all): JDK 17 to 22 refuse unless JFR was used, JDK 23 and later never.
    int feature = Runtime.version().feature();
    String refusal = FullRecompile.refusal(false);
    if (feature >= FullRecompile.ALWAYS_RECORDED_FROM) {
      assertThat(refusal).isNull();
    } else if (!jdk.jfr.FlightRecorder.isInitialized()
        && !FullRecompile.agentAtLaunch(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())) {
      assertThat(refusal).isEqualTo(FullRecompile.message(feature));
    }
  }
}
