package dev.overclock.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, as installed from Debian's {@code chromium} package by {@code .ci/run}.
 * Tests that need it are skipped, with a message saying so, where it is not installed.
 */
public final class Chromium {

  private static final List<String> CANDIDATES =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

  private Chromium() {}

  public static Optional<Path> find() {
    String explicit = System.getenv("OVERCLOCK_IT_CHROMIUM");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Skips the calling test with a clear message when Chromium is missing. */
  public static Path require() {
    Optional<Path> chromium = find();
    Assumptions.assumeTrue(chromium.isPresent(),
        "headless Chromium not installed (looked for " + CANDIDATES + "); .ci/run installs the"
            + " Debian package 'chromium'; skipping the browser check");
    return chromium.get();
  }

  /** Loads the page, lets its scripts run, and returns the resulting DOM as HTML. */
  public static String dumpDom(Path page) throws IOException {
    Path profile = Files.createTempDirectory("overclock-chromium-");
    RunResult result =
        JvmLauncher.program(require())
            .args("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                page.toUri().toString())
            .named("chromium")
            .timeoutSeconds(90)
            .run();
    if (result.exitCode() != 0 || result.stdout().isBlank()) {
      throw new AssertionError("chromium failed: " + result.describe());
    }
    return result.stdout();
  }
}
