package dev.overclock.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The agent's version: the agent jar's {@code Implementation-Version}, or else (classes run from a
 * directory, as in the unit tests) the {@code version.properties} the build writes. The manifest
 * first: from the application class path (attach, a renamed jar) the class loader has read it
 * already, while a resource stream sets up the jar URL machinery (~5 ms); from the bootstrap class
 * path ({@code -javaagent}) the JDK reads it for the package through a {@code JarInputStream}
 * (~9 ms on JDK 25), which is why {@code premain} no longer asks for the version (see {@code
 * DeferredStart#announce}).
 */
public final class Version {

  private static final String VERSION = load();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    Package own = Version.class.getPackage();
    String fromManifest = own == null ? null : own.getImplementationVersion();
    if (fromManifest != null) {
      return fromManifest;
    }
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
