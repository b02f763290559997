package dev.overclock.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jar the command line loads into a running JVM: a manifest alone, naming the agent's class
 * and, on its {@code Class-Path}, the agent jar.
 *
 * <p>Why not the agent jar itself: its manifest puts it on the bootstrap class path ({@code
 * Boot-Class-Path}), which {@code -javaagent} applies before the JVM runs, as {@code
 * -Xbootclasspath/a} would, so that the agent's classes load faster. On attach the JVM would
 * apply it to a running JVM: that prints "Sharing is only supported for boot loader classes
 * because bootstrap classpath has been appended" on the application's console and turns
 * class-data sharing off for the classes the application loads afterwards. Through this jar the
 * agent's classes load from the agent jar by the application class loader, as attach always did.
 *
 * <p>It lives in a private temporary folder (owner-only where the file system has permissions)
 * only while the JVM loads it: the JVM reads it during the load, and keeps its file open after.
 */
final class AttachJar {

  /** The agent jar's {@code Agent-Class} (a name, not a class reference: the agent uses cli). */
  static final String AGENT_CLASS = "dev.overclock.agent.OverclockAgent";

  private AttachJar() {}

  /** Writes the attach jar for {@code agentJar}; its path, to be {@link #delete}d after the load. */
  static Path write(Path agentJar) throws IOException {
    Path folder = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? Files.createTempDirectory("overclock-attach",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createTempDirectory("overclock-attach");
    // Named as the agent jar: JDK 21+ names the jar in its warning about a dynamic agent.
    Path jar = folder.resolve("overclock-agent.jar");
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Agent-Class", AGENT_CLASS);
    main.putValue("Can-Redefine-Classes", "true");
    main.putValue("Can-Retransform-Classes", "true");
    // An absolute file: URL, which the class path accepts from a local jar (spaces escaped).
    main.put(Attributes.Name.CLASS_PATH, agentJar.toAbsolutePath().toUri().toString());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.finish();
    } catch (IOException | RuntimeException e) {
      delete(jar);
      throw e;
    }
    return jar;
  }

  /** Removes the attach jar and its folder, quietly (the load is over either way). */
  static void delete(Path jar) {
    try {
      Files.deleteIfExists(jar);
      Files.deleteIfExists(jar.getParent());
    } catch (IOException | RuntimeException e) {
      jar.toFile().deleteOnExit(); // a file system that keeps open files (Windows)
      jar.getParent().toFile().deleteOnExit();
    }
  }
}
