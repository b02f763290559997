package dev.overclock.control;

import java.io.IOException;
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
    ensure(dir, user);
    removeStale(dir);
    return socket;
  }

  static Path directory(Path base, String user) {
    return base.toAbsolutePath().resolve("overclock-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** Creates the directory owner-only, or checks that the existing one is. */
  static void ensure(Path dir, String user) throws IOException {
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
    String owner = attributes.owner().getName();
    if (!owner.equals(user)) {
      throw new IOException(dir + " belongs to " + owner + ", not to " + user);
    }
    Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
    open.removeAll(OWNER_ONLY);
    if (!open.isEmpty()) {
      throw new IOException(dir + " is open to other users ("
          + PosixFilePermissions.toString(attributes.permissions()) + "; expected rwx------)");
    }
  }

  /** Deletes sockets left by JVMs that ended without closing their channel (killed). */
  private static void removeStale(Path dir) {
    try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*.sock")) {
      for (Path socket : sockets) {
        String name = socket.getFileName().toString();
        try {
          long pid = Long.parseLong(name.substring(0, name.length() - ".sock".length()));
          if (ProcessHandle.of(pid).isEmpty()) {
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
}
