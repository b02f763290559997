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
  void thisJvm_catchesSigquit_whereProcTells() {
    assertThat(JvmProcess.catchesSigquit(ProcessHandle.current().pid())).hasValue(true);
    assertThat(JvmProcess.isAlive(ProcessHandle.current().pid())).isTrue();
  }
}
