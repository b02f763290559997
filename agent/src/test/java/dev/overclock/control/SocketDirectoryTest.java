package dev.overclock.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketDirectoryTest {

  private static final String USER = System.getProperty("user.name");

  @TempDir Path base;

  @Test
  void newDirectory_isCreatedOwnerOnly() throws IOException {
    Path dir = SocketDirectory.directory(base, USER);

    SocketDirectory.ensure(dir, USER);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    SocketDirectory.ensure(dir, USER); // existing and private: accepted
  }

  @Test
  void directoryOpenToOthers_isRefused() throws IOException {
    Path dir = SocketDirectory.directory(base, USER);
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> SocketDirectory.ensure(dir, USER))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " is open to other users (rwxr-xr-x; expected rwx------)");
  }

  @Test
  void directoryOfAnotherUser_isRefused() throws IOException {
    Path dir = SocketDirectory.directory(base, USER);

    assertThatThrownBy(() -> SocketDirectory.ensure(dir, "someone-else"))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " belongs to " + USER + ", not to someone-else");
  }

  @Test
  void linkOrFile_inItsPlace_isRefused() throws IOException {
    Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
    Path link = SocketDirectory.directory(base, USER);
    Files.createSymbolicLink(link, elsewhere);

    assertThatThrownBy(() -> SocketDirectory.ensure(link, USER))
        .isInstanceOf(IOException.class).hasMessage(link + " is not a directory");
  }

  @Test
  void userName_isMadeSafeForAPath() {
    assertThat(SocketDirectory.directory(base, "DOMAIN\\jane doe").getFileName())
        .hasToString("overclock-DOMAIN_jane_doe");
  }

  /**
   * A socket whose pid this JVM cannot see may belong to a live JVM in another PID namespace
   * sharing /tmp: it is kept while something listens on it; a dead one is removed.
   */
  @Test
  void staleSocketCleanUp_keepsLiveSocketsOfUnknownPids_removesDeadOnes() throws IOException {
    Path dir = SocketDirectory.directory(base, USER);
    SocketDirectory.ensure(dir, USER);
    Path live = dir.resolve("2147483600.sock"); // no such pid here
    Path dead = dir.resolve("2147483601.sock");
    try (java.nio.channels.ServerSocketChannel listening = java.nio.channels.ServerSocketChannel
            .open(java.net.StandardProtocolFamily.UNIX);
        java.nio.channels.ServerSocketChannel closed = java.nio.channels.ServerSocketChannel
            .open(java.net.StandardProtocolFamily.UNIX)) {
      listening.bind(java.net.UnixDomainSocketAddress.of(live));
      closed.bind(java.net.UnixDomainSocketAddress.of(dead));
      closed.close(); // leaves the socket file, like a killed JVM

      SocketDirectory.removeStale(dir);

      assertThat(live).exists();
      assertThat(dead).doesNotExist();
    }
  }
}
