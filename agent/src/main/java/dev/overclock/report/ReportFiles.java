package dev.overclock.report;

import dev.overclock.files.PrivateDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes report files so that a reader never sees half a file and nobody but the owner can read
 * them: write a temporary file in the same directory, then rename it over the old one. Reports
 * name the application's classes and timings, which may be confidential.
 *
 * <p>The directory is checked, not trusted: the default {@code overclock-report} is relative to a
 * working directory that may be shared ({@code /tmp}), where another user can create it first
 * and, as its owner, swap our temporary file for a link between its creation and our write. So an
 * existing directory must not be a link, must belong to this user and must not be writable by
 * group or others ({@link PrivateDirectory}); otherwise nothing is written and the caller prints
 * one line. The temporary file is created new ({@code CREATE_NEW}, never following a link) and
 * written through the channel that created it, never reopened by name.
 */
public final class ReportFiles {

  private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private ReportFiles() {}

  /**
   * Creates the directory (owner-only) when it does not exist, then checks it, created now or
   * found: see the class comment.
   */
  static void ensureDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir); // not a POSIX file system
      } catch (FileAlreadyExistsException e) {
        // created by someone else in the meantime, or not a directory: checked below
      }
    }
    PrivateDirectory.check(dir, PrivateDirectory.GROUP_OR_OTHERS_WRITE);
  }

  /**
   * Replaces {@code file} atomically with {@code content}: the command line's outputs ({@code
   * analyze --json/--html/--config-out}, {@code compare --format x=file}), checked and written
   * like the agent's own reports.
   */
  public static void write(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    write(absolute.getParent(), absolute.getFileName().toString(), content);
  }

  /** Replaces {@code dir/name} atomically with {@code content}. */
  public static void write(Path dir, String name, String content) throws IOException {
    ensureDirectory(dir);
    Path target = dir.resolve(name);
    Path temp = null;
    try {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      for (int attempt = 0; temp == null; attempt++) {
        Path candidate = dir.resolve("." + name + "."
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try (SeekableByteChannel channel = create(candidate)) {
          temp = candidate;
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
        } catch (FileAlreadyExistsException e) {
          if (attempt >= 8) {
            throw e;
          }
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Creates {@code file}, owner-only; fails when anything, a link included, has its name. */
  static SeekableByteChannel create(Path file) throws IOException {
    FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_FILE);
    try {
      return Files.newByteChannel(file, CREATE_NEW, ownerOnly);
    } catch (UnsupportedOperationException e) {
      return Files.newByteChannel(file, CREATE_NEW); // not a POSIX file system
    }
  }
}
