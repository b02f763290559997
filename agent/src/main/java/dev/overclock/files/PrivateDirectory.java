package dev.overclock.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks that an existing directory can be trusted with files only this user may see or change:
 * not a symbolic link (checked without following it), owned by this process's user (numeric
 * uid, not the {@code user.name} property, which the command line can set), and not open to
 * group or others beyond what the caller allows.
 *
 * <p>A directory another user created first in a shared place ({@code /tmp}, a shared working
 * directory) fails the check: its owner could swap files in it for links between our creating
 * and our writing them.
 */
public final class PrivateDirectory {

  /** Group and others may not write: enough for a directory whose files are owner-only. */
  public static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  /** Group and others may do nothing at all: for a directory that is itself access control. */
  public static final Set<PosixFilePermission> GROUP_OR_OTHERS_ANY =
      EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

  private static volatile Integer uid;

  private PrivateDirectory() {}

  /**
   * Throws an {@link IOException} whose message is one line saying what is wrong, unless {@code
   * dir} is a directory (not a link), owned by this process's user, without any of {@code
   * forbidden}. On a file system without POSIX attributes there is nothing to check.
   */
  public static void check(Path dir, Set<PosixFilePermission> forbidden) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return;
    }
    if (attributes.isSymbolicLink()) {
      throw new IOException(dir + " is a symbolic link; refusing to write through it");
    }
    if (!attributes.isDirectory()) {
      throw new IOException(dir + " is not a directory");
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int self = uid();
    if (owner != self) {
      throw new IOException(dir + " belongs to another user (uid " + owner + ", not " + self
          + "); refusing to write into it");
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(attributes.permissions());
    open.retainAll(forbidden);
    if (!open.isEmpty()) {
      throw new IOException(dir + " is open to other users ("
          + PosixFilePermissions.toString(attributes.permissions()) + "); refusing to use it");
    }
  }

  /**
   * This process's (effective) user id: the owner of a file it creates. Read once, from {@code
   * /proc/self} where there is one, else from a file created for the purpose.
   */
  public static int uid() throws IOException {
    Integer known = uid;
    if (known != null) {
      return known;
    }
    int found;
    Path self = Path.of("/proc/self");
    if (Files.isDirectory(self)) {
      found = (Integer) Files.getAttribute(self, "unix:uid");
    } else {
      Path probe = Files.createTempFile("overclock-uid", ".tmp");
      try {
        found = (Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      } finally {
        Files.deleteIfExists(probe);
      }
    }
    uid = found;
    return found;
  }
}
