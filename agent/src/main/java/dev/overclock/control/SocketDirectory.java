package dev.overclock.control;

import dev.overclock.files.PrivateDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory that holds the control sockets of one user's JVMs: {@code
 * <java.io.tmpdir>/overclock-<user>}, owner-only ({@code rwx------}).
 *
 * <p>It is the channel's access control, so it is checked, not trusted: another user could have
 * created it first (the temporary directory is shared), or loosened its permissions. A directory
 * that is a link, belongs to someone else, or is open to group or others is refused, and the
 * channel stays closed.
 */
final class SocketDirectory {

  /** Unix-domain socket paths are limited to about 108 bytes (sun_path). */
  static final int MAX_SOCKET_PATH = 100;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private SocketDirectory() {}

  /** The socket path of this JVM, in a directory that exists and is private. */
  static Path socketOf(long pid) throws IOException {
    String user = System.getProperty("user.name", "user");
    Path dir = directory(Path.of(System.getProperty("java.io.tmpdir")), user);
    Path socket = dir.resolve(pid + ".sock");
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH
        && Files.isDirectory(Path.of("/tmp"))) {
      dir = directory(Path.of("/tmp"), user);
      socket = dir.resolve(pid + ".sock");
    }
    ensure(dir);
    removeStale(dir);
    return socket;
  }

  static Path directory(Path base, String user) {
    return base.toAbsolutePath().resolve("overclock-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** Creates the directory owner-only, or checks that the existing one is. */
  static void ensure(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      // checked below, like a directory created just now
    } catch (UnsupportedOperationException e) {
      throw new IOException("the file system of " + dir + " has no POSIX permissions");
    }
    PosixFileAttributes attributes =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory()) {
      throw new IOException(dir + " is not a directory");
    }
    // The numeric uid is what counts, not names: user.name can be set on the command line, and
    // a uid without an entry in the user database (a container's) has no name to compare ("?"
    // for the JVM, the number for the file system).
    int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (uid != PrivateDirectory.uid()) {
      throw new IOException(dir + " belongs to " + attributes.owner().getName() + " (uid " + uid
          + "), not to this process's user (uid " + PrivateDirectory.uid() + ")");
    }
    Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
    open.removeAll(OWNER_ONLY);
    if (!open.isEmpty()) {
      throw new IOException(dir + " is open to other users ("
          + PosixFilePermissions.toString(attributes.permissions()) + "; expected rwx------)");
    }
  }

  /**
   * Deletes sockets left by JVMs that ended without closing their channel (killed). A pid this
   * JVM cannot see is not enough: a container in another PID namespace may share {@code /tmp},
   * and its live JVMs' pids mean nothing here. So a socket is deleted only when nothing listens
   * on it any more (a connection is refused).
   */
  static void removeStale(Path dir) {
    try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*.sock")) {
      for (Path socket : sockets) {
        String name = socket.getFileName().toString();
        try {
          long pid = Long.parseLong(name.substring(0, name.length() - ".sock".length()));
          if (ProcessHandle.of(pid).isEmpty() && !listening(socket)) {
            Files.deleteIfExists(socket);
          }
        } catch (NumberFormatException | IOException e) {
          // not ours, or gone already
        }
      }
    } catch (IOException | RuntimeException e) {
      // cleaning up is a courtesy
    }
  }

  /** Whether a server accepts connections on the socket; connecting to a dead one is refused. */
  private static boolean listening(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
