package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmProcessTest {

  @Test
  void anotherUsersJvm_isRefusedWithWhatToDo() {
    assertThat(JvmProcess.otherUser(42, "alice", "bob")).isEqualTo("pid 42 belongs to user alice,"
        + " and a JVM accepts attach only from its own user (or root); run this as alice, e.g."
        + " sudo -u alice java -jar overclock-agent.jar ...");
  }

  @Test
  void sameUser_root_orUnknownOwner_areNotRefused() {
    assertThat(JvmProcess.otherUser(42, "alice", "alice")).isNull();
    assertThat(JvmProcess.otherUser(42, "alice", "root")).isNull();
    assertThat(JvmProcess.otherUser(42, null, "bob")).isNull();
  }

  @Test
  void aProcess_isNamedByWhatItRuns_neverUnknown() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      assertThat(JvmProcess.name(sleep.pid())).endsWith("sleep");
    } finally {
      sleep.destroyForcibly();
    }
    // pid 1 is always there; in a container or sandbox its executable link is unreadable, and
    // the name then comes from the command line or /proc/1/comm.
    assertThat(JvmProcess.name(1)).isNotBlank().isNotEqualTo("unknown");
  }

  @Test
  void thisJvm_catchesSigquit_whereProcTells() {
    assertThat(JvmProcess.catchesSigquit(ProcessHandle.current().pid())).hasValue(true);
    assertThat(JvmProcess.isAlive(ProcessHandle.current().pid())).isTrue();
  }
}
