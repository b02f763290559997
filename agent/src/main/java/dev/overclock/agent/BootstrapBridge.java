package dev.overclock.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Puts the {@code dev.overclock.bootstrap} package on the bootstrap class path, and nothing else.
 *
 * <p>With {@code -javaagent} there is nothing to do: the jar's {@code Boot-Class-Path} put the
 * whole agent jar on the bootstrap class path before the JVM started (as {@code
 * -Xbootclasspath/a} would: class-data sharing stays on, no warning), so the bridge, like every
 * agent class, loads from there. On attach (and from a renamed jar) the agent runs from the
 * application class path, and appending to the bootstrap search path of a running JVM would cost
 * the class-data-sharing warning (see {@link BootstrapDefiner}): only the bridge classes are read
 * from the agent jar and defined in the bootstrap loader; where that is not possible they are
 * written to a small jar in a private temporary directory (owner-only, deleted at exit) and that
 * jar is appended to the bootstrap search path. Refuses to run from a jar whose manifest does not name this agent:
 * the agent merged into an application's uber-jar (which keeps the application's {@code
 * Main-Class}) would otherwise run with the whole application on its class path.
 */
final class BootstrapBridge {

  static final String DISPATCHER = "dev.overclock.bootstrap.Dispatcher";

  /**
   * Every class of the bridge package, named so that start-up reads a few jar entries instead of
   * scanning thousands. {@code BootstrapBridgeTest} fails when a class is added to the package
   * but not here.
   */
  static final List<String> CLASSES =
      List.of(
          "dev.overclock.bootstrap.ArgumentSink",
          "dev.overclock.bootstrap.Dispatcher",
          "dev.overclock.bootstrap.Dispatcher$NoArguments",
          "dev.overclock.bootstrap.Dispatcher$NoTiming",
          "dev.overclock.bootstrap.MemoHit",
          "dev.overclock.bootstrap.MemoRare",
          "dev.overclock.bootstrap.MemoSink",
          "dev.overclock.bootstrap.MemoSite",
          "dev.overclock.bootstrap.OffloadCall",
          "dev.overclock.bootstrap.OffloadRejectedException",
          "dev.overclock.bootstrap.OffloadSink",
          "dev.overclock.bootstrap.OffloadTimeoutException",
          "dev.overclock.bootstrap.OverclockThreadPoolExecutor",
          "dev.overclock.bootstrap.PoolLane",
          "dev.overclock.bootstrap.PoolSink",
          "dev.overclock.bootstrap.TimedCall",
          "dev.overclock.bootstrap.TimedCall$Unclocked",
          "dev.overclock.bootstrap.TimingSink");

  private BootstrapBridge() {}

  /**
   * Makes the bridge available from the bootstrap loader.
   *
   * @return false when the agent must not start (the reason is printed)
   */
  static boolean install(Instrumentation instrumentation) throws IOException {
    if (isOnBootstrap()) {
      return true; // a previous start in this JVM (or a test setup) installed it
    }
    Path agentJar = agentJar();
    if (agentJar == null || !Files.isRegularFile(agentJar)) {
      System.err.println(
          "[overclock] agent not started: it must run from overclock-agent.jar, not from "
              + agentJar);
      return false;
    }
    try (JarFile jar = new JarFile(agentJar.toFile())) {
      Manifest manifest = jar.getManifest();
      Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
      String ours = OverclockAgent.class.getName();
      // An application's uber-jar that swallowed the agent keeps the application's Main-Class.
      if (!ours.equals(main.getValue("Premain-Class")) || !ours.equals(main.getValue("Main-Class"))) {
        System.err.println(
            "[overclock] agent not started: "
                + agentJar
                + " is not overclock-agent.jar (its manifest names Main-Class "
                + main.getValue("Main-Class")
                + "); use the agent jar itself, not a copy merged into another jar");
        return false;
      }
      Map<String, byte[]> classes = bridgeClasses(jar);
      try {
        defineDirectly(instrumentation, jar, classes);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // A JDK without Unsafe.defineClass: fall back to the documented way (which costs the
        // class-data-sharing warning, see BootstrapDefiner).
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(writeJar(classes).toFile()));
      }
    }
    return isOnBootstrap();
  }

  /** Defines the bridge through {@link BootstrapDefiner}, loaded in a private class loader. */
  private static void defineDirectly(
      Instrumentation instrumentation, JarFile agent, Map<String, byte[]> classes)
      throws ReflectiveOperationException, IOException {
    String definerName = BootstrapDefiner.class.getName();
    // From the jar already open, not Class.getResourceAsStream: that asks the boot loader's
    // modules first and sets up jar: URL connections, ~7 ms of premain on JDK 25.
    JarEntry entry = agent.getJarEntry(definerName.replace('.', '/') + ".class");
    if (entry == null) {
      throw new IOException(definerName + " missing from the agent jar");
    }
    byte[] definer;
    try (InputStream in = agent.getInputStream(entry)) {
      definer = in.readAllBytes();
    }
    PrivateClassLoader loader = new PrivateClassLoader("overclock-bootstrap-definer");
    Class<?> definerClass = loader.define(definerName, definer);
    Module javaBase = Object.class.getModule();
    instrumentation.redefineModule(
        javaBase,
        Set.of(),
        Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())),
        Map.of(),
        Set.of(),
        Map.of());
    definerClass.getMethod("define", Map.class).invoke(null, classes);
  }

  /** The bridge's class files from the agent jar, by binary name. */
  private static Map<String, byte[]> bridgeClasses(JarFile agent) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    for (String name : CLASSES) {
      JarEntry entry = agent.getJarEntry(name.replace('.', '/') + ".class");
      if (entry == null) {
        throw new IOException("the agent jar lacks " + name);
      }
      try (InputStream in = agent.getInputStream(entry)) {
        classes.put(name, in.readAllBytes());
      }
    }
    return classes;
  }

  private static boolean isOnBootstrap() {
    try {
      Class.forName(DISPATCHER, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Path agentJar() {
    CodeSource source = OverclockAgent.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Writes the classes into a jar in a private temporary directory, deleted at exit. */
  private static Path writeJar(Map<String, byte[]> classes) throws IOException {
    // createTempDirectory makes the directory owner-only on POSIX file systems.
    Path dir = Files.createTempDirectory("overclock-bootstrap-");
    Path bridge = dir.resolve("overclock-bootstrap.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(bridge);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey().replace('.', '/') + ".class"));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    // deleteOnExit runs in reverse order of registration: the jar first, then its directory.
    dir.toFile().deleteOnExit();
    bridge.toFile().deleteOnExit();
    return bridge;
  }
}
