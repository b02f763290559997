package dev.overclock.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Application code told from how the JVM was started, not from package names. */
class ApplicationPackagesTest {

  @TempDir Path dir;

  private Path classes(String name, String... classFiles) throws IOException {
    Path root = dir.resolve(name);
    for (String file : classFiles) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.write(path, new byte[] {0});
    }
    return root;
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      for (String entry : entries) {
        zip.putNextEntry(new JarEntry(entry));
        zip.write(0);
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void mainJar_isTheApplication_itsDependencyJarsAreNot_whateverTheirPackageNames()
      throws IOException {
    Path app = jar("app.jar", "org/example/workloads/Workloads.class",
        "org/example/workloads/jdbc/CatalogRepository.class");
    Path hsqldb = jar("hsqldb.jar", "org/hsqldb/index/IndexAVL.class");

    ApplicationPackages packages = ApplicationPackages.detect(app + " --workload jdbc",
        app + File.pathSeparator + hsqldb);

    assertThat(packages.contains("org.example.workloads.jdbc.CatalogRepository")).isTrue();
    assertThat(packages.contains("org.hsqldb.index.IndexAVL")).isFalse();
    assertThat(packages.libraries().test("org.hsqldb.index.IndexAVL")).isTrue();
  }

  @Test
  void mainClassOnTheClassPath_andTheClassPathsDirectories_areTheApplication() throws IOException {
    Path target = classes("classes", "com/acme/shop/Main.class", "com/acme/shop/Pricing.class");
    Path lib = jar("lib.jar", "com/acme/util/Strings.class");

    ApplicationPackages packages = ApplicationPackages.detect("com.acme.shop.Main",
        lib + File.pathSeparator + target);

    assertThat(packages.contains("com.acme.shop.Pricing")).isTrue();
    assertThat(packages.contains("com.acme.util.Strings")).isFalse(); // same prefix, a jar
  }

  @Test
  void testLauncher_isNotTheApplication_theCodeUnderTestIs() throws IOException {
    Path console = jar("junit-platform-console-standalone.jar",
        "org/junit/platform/console/ConsoleLauncher.class");
    Path tested = classes("test-classes", "org/apache/commons/text/StringSubstitutorTest.class");
    Path main = classes("main-classes", "org/apache/commons/text/StringSubstitutor.class");

    ApplicationPackages packages = ApplicationPackages.detect(console + " -cp " + tested
        + File.pathSeparator + main + " --scan-classpath", console.toString());

    assertThat(packages.contains("org.apache.commons.text.StringSubstitutor")).isTrue();
    assertThat(packages.contains("org.junit.platform.console.ConsoleLauncher")).isFalse();
  }

  @Test
  void springBootJar_itsOwnClassesOnly_andShadedJar_itsOwnGroupOnly() throws IOException {
    Path boot = jar("boot.jar", "org/springframework/boot/loader/JarLauncher.class",
        "BOOT-INF/classes/com/acme/web/Prices.class", "BOOT-INF/lib/tomcat.jar");
    assertThat(ApplicationPackages.detect(boot.toString(), boot.toString()).packages())
        .containsExactly("com.acme.web");

    Path shaded = jar("shaded.jar", "com/acme/tool/Main.class", "org/hsqldb/Server.class",
        "META-INF/maven/com.acme/tool/pom.properties",
        "META-INF/maven/org.hsqldb/hsqldb/pom.properties");
    assertThat(ApplicationPackages.detect("com.acme.tool.Main", shaded.toString()).packages())
        .containsExactly("com.acme.tool");
  }

  @Test
  void nothingToRead_isNull_soTheCallerFallsBackToTheLibraryList() {
    assertThat(ApplicationPackages.detect("com.acme.Gone", dir.resolve("gone.jar").toString()))
        .isNull();
    assertThat(ApplicationPackages.detect("", "")).isNull();
  }
}
