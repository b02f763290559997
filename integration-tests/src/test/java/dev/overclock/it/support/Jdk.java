package dev.overclock.it.support;

import java.nio.file.Path;

/**
 * One installed JDK the tests can launch.
 *
 * @param feature the feature release: 17, 21, 25, ...
 */
public record Jdk(Path home, int feature, String version) {

  public Path java() {
    return home.resolve("bin").resolve("java");
  }

  public Path tool(String name) {
    return home.resolve("bin").resolve(name);
  }

  @Override
  public String toString() {
    return "JDK " + version;
  }
}
