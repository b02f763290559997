package dev.overclock.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the JDKs (17 or newer) installed on this machine, so that every integration test runs on
 * each of them without a path written into the tests.
 *
 * <p>Looks at the JDK running the tests, {@code JAVA_HOME}, the usual install folders ({@code
 * /usr/lib/jvm}, {@code /usr/java}, {@code /opt/java}, {@code ~/.sdkman/candidates/java}), and the
 * system property {@code overclock.it.jdks} (homes separated by the path separator), which also
 * replaces the search when set. One JDK per feature release is kept, so a machine with two
 * copies of 17 runs each test once on 17.
 */
public final class Jdks {

  private static final List<Jdk> ALL = discover();

  private Jdks() {}

  /** Every JDK found, oldest feature release first. */
  public static List<Jdk> all() {
    return ALL;
  }

  /**
   * The newest JDK found, alone: for tests of the agent's own logic, the same on every JDK, whose
   * runs are long enough that running them on each JDK would cost the suite more than it shows.
   */
  public static List<Jdk> newest() {
    return List.of(ALL.isEmpty() ? current() : ALL.get(ALL.size() - 1));
  }

  /** The JDK running the tests. */
  public static Jdk current() {
    return read(Path.of(System.getProperty("java.home"))).orElseThrow();
  }

  private static List<Jdk> discover() {
    List<Path> candidates = new ArrayList<>();
    String explicit = System.getProperty("overclock.it.jdks");
    if (explicit != null && !explicit.isBlank()) {
      for (String home : explicit.split(java.io.File.pathSeparator)) {
        candidates.add(Path.of(home.strip()));
      }
    } else {
      candidates.add(Path.of(System.getProperty("java.home")));
      String javaHome = System.getenv("JAVA_HOME");
      if (javaHome != null) {
        candidates.add(Path.of(javaHome));
      }
      for (String root : List.of("/usr/lib/jvm", "/usr/java", "/opt/java",
          System.getProperty("user.home") + "/.sdkman/candidates/java")) {
        candidates.addAll(children(Path.of(root)));
      }
    }
    Map<Integer, Jdk> byFeature = new LinkedHashMap<>();
    Map<Path, Boolean> seen = new LinkedHashMap<>();
    for (Path candidate : candidates) {
      read(candidate).ifPresent(jdk -> {
        Path real = realPath(jdk.java());
        if (seen.putIfAbsent(real, true) == null && jdk.feature() >= 17) {
          byFeature.putIfAbsent(jdk.feature(), jdk);
        }
      });
    }
    return byFeature.values().stream().sorted(Comparator.comparingInt(Jdk::feature)).toList();
  }

  private static List<Path> children(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** A JDK home has {@code bin/java} and a {@code release} file naming its version. */
  private static java.util.Optional<Jdk> read(Path home) {
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
      return java.util.Optional.empty();
    }
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(release)) {
      properties.load(reader);
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
    if (version.isEmpty()) {
      return java.util.Optional.empty();
    }
    String major = version.split("[.+-]")[0];
    try {
      return java.util.Optional.of(new Jdk(home.toAbsolutePath(), Integer.parseInt(major), version));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty(); // "1.8.0_x": too old anyway
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath();
    }
  }
}
