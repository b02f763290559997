package dev.overclock.select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which packages are the application's, decided from how the JVM was started rather than from a
 * list of names: the code of the main class (its jar, or its class-path directory) and every
 * directory on the class path are the application; the jars beside them are its dependencies.
 *
 * <h2>Cases</h2>
 *
 * <ul>
 *   <li>{@code java -jar app.jar}: the packages in {@code app.jar} (in a Spring Boot jar, those
 *       under {@code BOOT-INF/classes}, not {@code BOOT-INF/lib}); a jar that bundles its
 *       dependencies (shaded) keeps only the packages of the main class's own group, as its
 *       {@code META-INF/maven} files tell them apart.
 *   <li>{@code java -cp ... com.acme.Main}: the class-path entry holding the main class, and the
 *       class path's directories ({@code target/classes}, {@code target/test-classes}).
 *   <li>A launcher (a test runner's console, an IDE's or build tool's runner): its main class is
 *       not the application, the code it runs is: the class path's directories, and those (else
 *       the jars) named by its own {@code -cp}/{@code --class-path} argument.
 * </ul>
 *
 * When none of that finds a package (files gone, a custom launcher), the caller falls back to
 * the well-known library list ({@link Libraries}); {@code include=} overrides both.
 */
public final class ApplicationPackages {

  /** Main classes (prefixes) of launchers that run someone else's code. */
  static final List<String> LAUNCHERS = List.of(
      "org.junit.platform.console.", "org.junit.runner.JUnitCore", "org.apache.maven.surefire.",
      "org.testng.", "org.gradle.", "worker.org.gradle.", "com.intellij.rt.",
      "org.eclipse.jdt.internal.junit", "org.jetbrains.");

  /** Entries read at most per jar or directory: a name list, never a class file. */
  static final int MAX_ENTRIES = 200_000;

  private final Set<String> packages;

  private ApplicationPackages(Set<String> packages) {
    this.packages = Set.copyOf(packages);
  }

  /**
   * The application's packages for a JVM started with this command line and class path, or
   * {@code null} when they cannot be told.
   *
   * @param command {@code sun.java.command}: the main class or jar, then the arguments
   * @param classPath {@code java.class.path}
   */
  public static ApplicationPackages detect(String command, String classPath) {
    if (command == null || command.isBlank()) {
      return null;
    }
    try {
      String[] words = command.trim().split("\\s+");
      String main = words[0];
      List<Path> entries = paths(classPath);
      Set<String> found = new HashSet<>();
      if (isLauncher(main)) {
        List<Path> named = launcherClassPath(words);
        for (Path path : concat(entries, named)) {
          if (Files.isDirectory(path)) {
            collect(path, found);
          }
        }
        if (found.isEmpty()) {
          for (Path path : named) {
            collect(path, found);
          }
        }
      } else {
        Path mainEntry = main.endsWith(".jar") ? Paths.get(main) : entryOf(main, entries);
        if (mainEntry != null) {
          collect(mainEntry, found);
          if (!Files.isDirectory(mainEntry)) {
            dropBundledGroups(mainEntry, main.endsWith(".jar") ? null : main, found);
          }
        }
        for (Path path : entries) {
          if (Files.isDirectory(path)) {
            collect(path, found);
          }
        }
      }
      found.remove("");
      return found.isEmpty() ? null : new ApplicationPackages(found);
    } catch (RuntimeException | IOException e) {
      return null; // unreadable class path: the caller falls back to the library list
    }
  }

  /** Whether a class (binary name) is application code. */
  public boolean contains(String className) {
    int dot = className.lastIndexOf('.');
    return packages.contains(dot < 0 ? "" : className.substring(0, dot));
  }

  /** Whether a class (binary name) is a dependency's, not the application's. */
  public Predicate<String> libraries() {
    return className -> !contains(className);
  }

  /** The packages, for a reader. */
  public Set<String> packages() {
    return packages;
  }

  static boolean isLauncher(String main) {
    if (main.endsWith(".jar")) {
      String file = Paths.get(main).getFileName().toString();
      return file.startsWith("junit-platform-console") || file.startsWith("surefire");
    }
    for (String prefix : LAUNCHERS) {
      if (main.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> launcherClassPath(String[] words) {
    List<Path> named = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      String word = words[i];
      String value = null;
      if ((word.equals("-cp") || word.equals("--class-path") || word.equals("--classpath")
          || word.equals("-classpath")) && i + 1 < words.length) {
        value = words[++i];
      } else if (word.startsWith("--class-path=") || word.startsWith("--classpath=")) {
        value = word.substring(word.indexOf('=') + 1);
      }
      if (value != null) {
        named.addAll(paths(value));
      }
    }
    return named;
  }

  private static List<Path> paths(String classPath) {
    List<Path> paths = new ArrayList<>();
    if (classPath == null) {
      return paths;
    }
    for (String part : classPath.split(java.io.File.pathSeparator)) {
      if (!part.isBlank()) {
        try {
          paths.add(Paths.get(part));
        } catch (RuntimeException ignored) {
          // not a path on this system
        }
      }
    }
    return paths;
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The class-path entry that holds the main class, or {@code null}. */
  private static Path entryOf(String mainClass, List<Path> entries) throws IOException {
    String file = mainClass.replace('.', '/') + ".class";
    for (Path entry : entries) {
      if (Files.isDirectory(entry)) {
        if (Files.isRegularFile(entry.resolve(file))) {
          return entry;
        }
      } else if (Files.isRegularFile(entry)) {
        try (JarFile jar = new JarFile(entry.toFile(), false)) {
          if (jar.getEntry(file) != null) {
            return entry;
          }
        }
      }
    }
    return null;
  }

  private static void collect(Path entry, Set<String> found) throws IOException {
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        files.limit(MAX_ENTRIES).filter(path -> path.toString().endsWith(".class"))
            .forEach(path -> found.add(packageOf(entry.relativize(path).toString()
                .replace(java.io.File.separatorChar, '/'))));
      }
    } else if (Files.isRegularFile(entry)) {
      try (JarFile jar = new JarFile(entry.toFile(), false)) {
        List<String> names = new ArrayList<>();
        boolean boot = false;
        Enumeration<JarEntry> all = jar.entries();
        for (int i = 0; all.hasMoreElements() && i < MAX_ENTRIES; i++) {
          String name = all.nextElement().getName();
          if (name.endsWith(".class")) {
            names.add(name);
            boot |= name.startsWith("BOOT-INF/classes/") || name.startsWith("WEB-INF/classes/");
          }
        }
        for (String name : names) {
          if (!boot) {
            if (!name.startsWith("META-INF/")) {
              found.add(packageOf(name));
            }
          } else if (name.startsWith("BOOT-INF/classes/") || name.startsWith("WEB-INF/classes/")) {
            found.add(packageOf(name.substring(name.indexOf("classes/") + 8)));
          }
        }
      }
    }
  }

  /**
   * A jar that bundles its dependencies holds the {@code META-INF/maven/<group>/...} files of
   * each: packages of groups other than the main class's own are dependencies.
   */
  private static void dropBundledGroups(Path jarPath, String mainClass, Set<String> found)
      throws IOException {
    Set<String> groups = new HashSet<>();
    try (JarFile jar = new JarFile(jarPath.toFile(), false)) {
      String main = mainClass;
      if (main == null && jar.getManifest() != null) {
        main = jar.getManifest().getMainAttributes().getValue("Main-Class");
      }
      Enumeration<JarEntry> all = jar.entries();
      for (int i = 0; all.hasMoreElements() && i < MAX_ENTRIES; i++) {
        String name = all.nextElement().getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          String[] parts = name.split("/");
          if (parts.length >= 4) {
            groups.add(parts[2]);
          }
        }
      }
      if (groups.size() < 2 || main == null) {
        return;
      }
      for (String group : groups) {
        if (!main.startsWith(group + ".")) {
          found.removeIf(pkg -> pkg.equals(group) || pkg.startsWith(group + "."));
        }
      }
    }
  }

  private static String packageOf(String classFile) {
    int slash = classFile.lastIndexOf('/');
    return slash < 0 ? "" : classFile.substring(0, slash).replace('/', '.');
  }
}
