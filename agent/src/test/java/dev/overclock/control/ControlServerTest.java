package dev.overclock.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlServerTest {

  private final AtomicInteger detaches = new AtomicInteger();
  private ControlServer server;

  private final ControlHandler handler = new ControlHandler() {
    @Override
    public List<String> status() {
      return List.of("fact\tversion\ttest");
    }

    @Override
    public List<String> report() {
      throw new ControlException("no report files in this JVM");
    }

    @Override
    public List<String> detach() {
      detaches.incrementAndGet();
      server.close(); // as the agent does: the channel closes itself from its own thread
      return List.of("fact\trestoredClasses\t3");
    }
  };

  @AfterEach
  void closeServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void peerCheck_failsClosed_andLetsInOnlyTheOwnerAndRoot() {
    java.nio.file.attribute.UserPrincipal owner = () -> "alice";
    java.nio.file.attribute.UserPrincipal root = () -> "root";
    java.nio.file.attribute.UserPrincipal other = () -> "mallory";

    assertThat(ControlServer.refusal(null, owner, root))
        .as("no peer credentials: refused, never let in").contains("cannot tell");
    assertThat(ControlServer.refusal(other, owner, root)).contains("from user mallory");
    assertThat(ControlServer.refusal(owner, owner, root)).isNull();
    assertThat(ControlServer.refusal(root, owner, root)).isNull();
  }

  @Test
  void status_isAnsweredWithThePayload() throws IOException {
    server = ControlServer.open(handler);

    assertThat(ControlClient.request(server.socket(), ControlProtocol.STATUS, 10_000))
        .containsExactly("fact\tversion\ttest");
  }

  @Test
  void socketAndDirectory_areTheOwnersOnly() throws IOException {
    server = ControlServer.open(handler);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(server.socket().getParent()))).isEqualTo("rwx------");
    assertThat(server.socket().getFileName().toString())
        .isEqualTo(ProcessHandle.current().pid() + ".sock");
  }

  /**
   * The directory is checked again once the socket is bound in it: one that was loosened (or
   * swapped for another) after the first check is refused, and no socket is left listening.
   */
  @Test
  void aDirectoryOpenToOthersAtBindTime_isRefused_andNoSocketIsLeft() throws IOException {
    Path dir = Files.createTempDirectory("overclock-recheck");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path socket = dir.resolve("1.sock");

      assertThatThrownBy(() -> server = ControlServer.open(handler, socket))
          .isInstanceOf(IOException.class).hasMessageContaining("is open to other users");
      assertThat(socket).doesNotExist();
    } finally {
      Files.deleteIfExists(dir.resolve("1.sock"));
      Files.delete(dir);
    }
  }

  @Test
  void handlerError_andUnknownCommand_areErrorReplies_andTheServerGoesOn() throws IOException {
    server = ControlServer.open(handler);

    assertThatThrownBy(() -> ControlClient.request(server.socket(), ControlProtocol.REPORT, 10_000))
        .isInstanceOf(ControlException.class).hasMessage("no report files in this JVM");
    assertThatThrownBy(() -> ControlClient.request(server.socket(), "format-disk", 10_000))
        .isInstanceOf(ControlException.class).hasMessage("unknown command 'format-disk'");
    assertThat(ControlClient.request(server.socket(), ControlProtocol.STATUS, 10_000)).hasSize(1);
  }

  @Test
  void detach_getsItsReply_thenTheChannelIsGone() throws Exception {
    server = ControlServer.open(handler);
    Path socket = server.socket();

    assertThat(ControlClient.request(socket, ControlProtocol.DETACH, 10_000))
        .containsExactly("fact\trestoredClasses\t3");

    assertThat(detaches).hasValue(1);
    assertThat(socket).doesNotExist();
    assertThatThrownBy(() -> ControlClient.request(socket, ControlProtocol.STATUS, 10_000))
        .isInstanceOf(IOException.class);
    server.close(); // waits for the channel's thread
    assertThat(server.isServing()).isFalse();
  }

  @Test
  void aSilentClient_doesNotBlockTheNextOne() throws IOException {
    server = ControlServer.open(handler);
    try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      silent.connect(UnixDomainSocketAddress.of(server.socket()));

      // Answered once the silent client's request deadline has passed.
      assertThat(ControlClient.request(server.socket(), ControlProtocol.STATUS, 30_000)).hasSize(1);
    }
  }

  @Test
  void close_stopsTheThread_andDeletesTheSocket() throws IOException {
    server = ControlServer.open(handler);
    Path socket = server.socket();

    server.close();

    assertThat(server.isServing()).isFalse();
    assertThat(socket).doesNotExist();
  }

  @Test
  void anOverlongRequest_isDropped_andTheServerGoesOn() throws IOException {
    server = ControlServer.open(handler);
    try (SocketChannel flood = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      flood.connect(UnixDomainSocketAddress.of(server.socket()));
      flood.write(java.nio.ByteBuffer.wrap("x".repeat(10 * ControlProtocol.MAX_REQUEST)
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      // The server closes the connection without running anything (with unread bytes left,
      // Linux reports that as a reset).
      java.nio.ByteBuffer reply = java.nio.ByteBuffer.allocate(64);
      int read;
      try {
        read = flood.read(reply);
      } catch (IOException reset) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    }

    assertThat(ControlClient.request(server.socket(), ControlProtocol.STATUS, 10_000)).hasSize(1);
  }

  @Test
  void peerCredentials_nameTheConnectingUser() throws IOException {
    Path socket = Files.createTempDirectory("peer").resolve("p.sock");
    try (java.nio.channels.ServerSocketChannel listening =
            java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listening.bind(UnixDomainSocketAddress.of(socket));
      try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        client.connect(UnixDomainSocketAddress.of(socket));
        try (SocketChannel accepted = listening.accept()) {
          assertThat(PeerCredentials.user(accepted).getName()).isEqualTo(System.getProperty("user.name"));
        }
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socket.getParent());
    }
  }
}
