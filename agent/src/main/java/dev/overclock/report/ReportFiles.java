package dev.overclock.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes report files so that a reader never sees half a file and nobody but the owner can read
 * them: write a temporary file in the same directory, then rename it over the old one. Reports
 * name the application's classes and timings, which may be confidential.
 */
public final class ReportFiles {

  private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private ReportFiles() {}

  /** Creates the directory (owner-only) when it does not exist. */
  static void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir); // not a POSIX file system
    } catch (FileAlreadyExistsException e) {
      throw new IOException(dir + " exists and is not a directory", e);
    }
  }

  /** Replaces {@code dir/name} atomically with {@code content}. */
  public static void write(Path dir, String name, String content) throws IOException {
    ensureDirectory(dir);
    Path target = dir.resolve(name);
    Path temp;
    try {
      temp = Files.createTempFile(dir, "." + name + ".", ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_FILE));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
    }
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
