package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line uses only a socket path a target of this user could legitimately publish. */
class AgentChannelTest {

  @TempDir Path tmp;

  @Test
  void socketInThisUsersPrivateDirectory_isAccepted() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("overclock-me"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    assertThat(AgentChannel.trusted(42, dir.resolve("42.sock").toString()))
        .isEqualTo(dir.resolve("42.sock"));
  }

  @Test
  void socketElsewhere_orInAnOpenDirectory_orALink_isRefused() throws Exception {
    Path open = Files.createDirectory(tmp.resolve("overclock-open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path link = Files.createSymbolicLink(tmp.resolve("overclock-link"), open);

    assertThatThrownBy(() -> AgentChannel.trusted(42, "/run/other/42.sock"))
        .hasMessageContaining("outside an Overclock socket directory");
    assertThatThrownBy(() -> AgentChannel.trusted(42, open.resolve("43.sock").toString()))
        .hasMessageContaining("outside an Overclock socket directory");
    assertThatThrownBy(() -> AgentChannel.trusted(42, open.resolve("42.sock").toString()))
        .hasMessageContaining("open to other users");
    assertThatThrownBy(() -> AgentChannel.trusted(42, link.resolve("42.sock").toString()))
        .hasMessageContaining("symbolic link");
  }

  /** {@code attach} reads the path from the target's properties too: the same check. */
  @Test
  void attach_checksThePublishedSocketLikeTheOtherCommands() throws Exception {
    Path open = Files.createDirectory(tmp.resolve("overclock-open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> AgentChannel.at(42, Path.of("/run/other/42.sock")))
        .hasMessageContaining("outside an Overclock socket directory");
    assertThatThrownBy(() -> AgentChannel.at(42, open.resolve("42.sock")))
        .hasMessageContaining("open to other users");
  }
}
