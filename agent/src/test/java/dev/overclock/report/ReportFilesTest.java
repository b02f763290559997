package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.overclock.files.PrivateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report directory someone else prepared is refused, and nothing is written anywhere. */
class ReportFilesTest {

  @Test
  void worldWritableDirectory_isRefused_andNothingIsWritten(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("overclock-report"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> ReportFiles.write(dir, "report.json", "{}"))
        .isInstanceOf(IOException.class).hasMessageContaining("open to other users");
    assertThat(entries(dir)).isEmpty();
  }

  @Test
  void directoryThatIsALink_isRefused_andNothingIsWrittenWhereItPoints(@TempDir Path tmp)
      throws IOException {
    Path victim = Files.createDirectory(tmp.resolve("victim"));
    Path link = Files.createSymbolicLink(tmp.resolve("overclock-report"), victim);

    assertThatThrownBy(() -> ReportFiles.write(link, "report.json", "{}"))
        .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
    assertThat(entries(victim)).isEmpty();
  }

  @Test
  void directoryOfAnotherUser_isRefused(@TempDir Path tmp) throws IOException {
    assumeTrue(PrivateDirectory.uid() == 0, "only root can give a directory to another user");
    Path dir = Files.createDirectory(tmp.resolve("overclock-report"));
    Files.setAttribute(dir, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> ReportFiles.write(dir, "report.json", "{}"))
        .isInstanceOf(IOException.class).hasMessageContaining("belongs to another user");
    assertThat(entries(dir)).isEmpty();
  }

  @Test
  void ownPrivateDirectory_andOneOthersMayRead_areAccepted(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("overclock-report"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    ReportFiles.write(dir, "report.json", "{\"a\":1}");
    ReportFiles.write(dir, "report.json", "{\"a\":2}");

    assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo("{\"a\":2}");
    assertThat(entries(dir)).containsExactly("report.json");
  }

  /**
   * The race the check closes: whoever may write into the directory swaps every temporary file
   * for a link to a file of ours as soon as it appears. A group-writable directory stands in for
   * one another user owns; it is refused before any file is created, so the victim stays as it
   * was however the race goes.
   */
  @Test
  void symlinkRace_inADirectoryOthersMayWrite_neverReachesTheVictim(@TempDir Path tmp)
      throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
    Path dir = Files.createDirectory(tmp.resolve("overclock-report"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
    AtomicBoolean running = new AtomicBoolean(true);
    Thread attacker = new Thread(() -> {
      while (running.get()) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            if (file.getFileName().toString().endsWith(".tmp")) {
              Files.deleteIfExists(file);
              Files.createSymbolicLink(file, victim);
            }
          }
        } catch (IOException e) {
          // lost this round of the race
        }
      }
    });
    attacker.start();
    try {
      for (int i = 0; i < 200; i++) {
        try {
          ReportFiles.write(dir, "report.json", "x".repeat(100_000));
        } catch (IOException e) {
          assertThat(e).hasMessageContaining("open to other users");
        }
      }
    } finally {
      running.set(false);
      attacker.join();
    }
    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(entries(dir)).isEmpty();
  }

  @Test
  void temporaryFile_isCreatedNew_neverThroughALinkPlantedAtItsName(@TempDir Path tmp)
      throws IOException {
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
    Path dir = Files.createDirectory(tmp.resolve("overclock-report"));
    Path planted = Files.createSymbolicLink(dir.resolve(".report.json.x.tmp"), victim);

    assertThatThrownBy(() -> ReportFiles.create(planted).close())
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(Files.readString(victim)).isEqualTo("precious");
  }

  private static java.util.List<String> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).toList();
    }
  }
}
