package dev.overclock.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overclock.files.PrivateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    SocketDirectory.ensure(dir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    SocketDirectory.ensure(dir); // existing and private: accepted
  }

  @Test
  void directoryOpenToOthers_isRefused() throws IOException {
    Path dir = SocketDirectory.directory(base, USER);
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> SocketDirectory.ensure(dir))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + " is open to other users (rwxr-xr-x; expected rwx------)");
  }

  @Test
  void directoryOfAnotherUser_isRefused_byItsNumericUid() throws IOException {
    assumeTrue(PrivateDirectory.uid() == 0, "only root can give a directory to another user");
    Path dir = Files.createDirectory(SocketDirectory.directory(base, USER),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setAttribute(dir, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> SocketDirectory.ensure(dir))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("(uid 65534), not to this process's user (uid 0)");
  }

  /**
   * The user's name does not count, its uid does: {@code user.name} can be set on the command
   * line, and in a container whose uid has no entry in the user database the JVM's user name is
   * "?" while the file system names the owner by number. Comparing names refused this user's
   * own directory there, and the control channel never opened.
   */
  @Test
  void ownDirectory_isAccepted_whateverTheUserNamePropertySays() throws IOException {
    String tmpdir = System.getProperty("java.io.tmpdir");
    String user = System.getProperty("user.name");
    try {
      System.setProperty("java.io.tmpdir", base.toString());
      System.setProperty("user.name", "?");

      Path socket = SocketDirectory.socketOf(4242);

      assertThat(socket.getParent()).isEqualTo(base.toAbsolutePath().resolve("overclock-_"));
      assertThat(Files.getAttribute(socket.getParent(), "unix:uid"))
          .isEqualTo(PrivateDirectory.uid());
    } finally {
      System.setProperty("java.io.tmpdir", tmpdir);
      System.setProperty("user.name", user);
    }
  }

  @Test
  void linkOrFile_inItsPlace_isRefused() throws IOException {
    Path elsewhere = Files.createDirectory(base.resolve("elsewhere"));
    Path link = SocketDirectory.directory(base, USER);
    Files.createSymbolicLink(link, elsewhere);

    assertThatThrownBy(() -> SocketDirectory.ensure(link))
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
    SocketDirectory.ensure(dir);
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
