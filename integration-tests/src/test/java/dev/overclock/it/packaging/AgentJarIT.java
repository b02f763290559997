package dev.overclock.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overclock.it.support.Baselines;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The shipped jar: what it contains, what it hides, and where its classes end up loaded.
 *
 * <p>Every run is a JVM of its own: the tests run concurrently (up to {@code it.parallelism}).
 */
@Execution(ExecutionMode.CONCURRENT)
class AgentJarIT {

  static List<Jdk> jdks() {
    return Jdks.all();
  }

  @Test
  void jar_holdsOnlyOverclockClassesAndMetadata() throws IOException {
    try (JarFile jar = new JarFile(JvmLauncher.AGENT_JAR.toFile())) {
      List<String> foreign = Collections.list(jar.entries()).stream()
          .map(JarEntry::getName)
          .filter(name -> !name.startsWith("dev/overclock/") && !name.startsWith("META-INF/")
              && !name.equals("dev/"))
          .toList();
      List<String> unrelocatedVersioned = Collections.list(jar.entries()).stream()
          .map(JarEntry::getName)
          .filter(name -> name.startsWith("META-INF/versions/") && name.endsWith(".class")
              && !name.matches("META-INF/versions/\\d+/dev/overclock/.*"))
          .toList();

      assertThat(foreign).isEmpty();
      assertThat(unrelocatedVersioned).isEmpty();
      assertThat(jar.getEntry("dev/overclock/shaded/bytebuddy/ByteBuddy.class")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/asm/ClassReader.class")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/hdrhistogram/Recorder.class")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/jmc/flightrecorder/rules/IRule.class"))
          .isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/jmc/flightrecorder/rules/jdk/messages/"
          + "internal/messages.properties")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/owasp/encoder/Encode.class")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/lz4/lz4/LZ4FrameInputStream.class"))
          .isNotNull();
      assertThat(jar.getEntry("META-INF/jmc/LICENSE.txt")).isNotNull();
      assertThat(jar.getEntry("dev/overclock/shaded/caffeine/cache/Caffeine.class")).isNotNull();
    }
  }

  @Test
  void jmcRuleServiceFile_isRelocatedWithItsClasses() throws IOException {
    try (JarFile jar = new JarFile(JvmLauncher.AGENT_JAR.toFile())) {
      List<String> services = Collections.list(jar.entries()).stream().map(JarEntry::getName)
          .filter(name -> name.startsWith("META-INF/services/") && !name.endsWith("/")).toList();
      assertThat(services).contains(
          "META-INF/services/dev.overclock.shaded.jmc.flightrecorder.rules.IRule")
          .noneMatch(name -> name.contains("org.openjdk"));
      String rules = new String(jar.getInputStream(jar.getEntry(
          "META-INF/services/dev.overclock.shaded.jmc.flightrecorder.rules.IRule"))
          .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      List<String> lines = rules.lines().map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
      assertThat(lines).hasSizeGreaterThan(40)
          .allMatch(line -> line.startsWith("dev.overclock.shaded.jmc."));
      for (String rule : lines) {
        assertThat(jar.getEntry(rule.replace('.', '/') + ".class")).as(rule).isNotNull();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void agentStartUp_neverLoadsJmcOrTheAnalyzeCommand(Jdk jdk) {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false")
        .args("-Xlog:class+load=info:file=classes.log").demoQuick().named("class-load").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    String loaded;
    try {
      loaded = Files.readString(run.workDir().resolve("classes.log"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(loaded).contains("dev.overclock.agent.AgentStarter")
        .doesNotContain("dev.overclock.shaded.jmc.", "dev.overclock.analyze.",
            "dev.overclock.shaded.lz4.", "dev.overclock.shaded.owasp.");
  }

  /**
   * An application whose classes need timing only (here a filter on a real workload, with the
   * detector off so that nothing else asks for advice) gets it written with ASM alone: Byte Buddy
   * never writes a class (its type pool and class writer never load, nor the agent's holder of its
   * set-up), and the filtered methods are timed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void timingOnlyApplication_isWovenWithoutByteBuddy_andItsMethodsAreTimed(Jdk jdk)
      throws IOException {
    RunResult run = JvmLauncher.java(jdk)
        .agent("summary=false,auto=off,timed=org.example.workloads.jdbc.OrderService")
        .args("-Xlog:class+load=info:file=classes.log", "-jar",
            System.getProperty("overclock.workloads.jar"), "--workload", "jdbc", "--duration", "1")
        .named("timing-only").timeoutSeconds(120).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    String loaded = Files.readString(run.workDir().resolve("classes.log"));
    assertThat(loaded).contains("dev.overclock.instrument.DirectTimingWeave ")
        .doesNotContain("dev.overclock.shaded.bytebuddy.pool.TypePool$Default ",
            "dev.overclock.shaded.bytebuddy.dynamic.scaffold.TypeWriter$Default ",
            "dev.overclock.instrument.AdviceTransformer$Redefinition ");
    long timedCalls = 0;
    for (JsonNode method : run.reportJson().get("methods")) {
      assertThat(method.get("className").asString())
          .isEqualTo("org.example.workloads.jdbc.OrderService");
      assertThat(method.get("selectedBy").asString()).isEqualTo("filter");
      timedCalls += method.get("calls").asLong();
    }
    assertThat(timedCalls).as(run.describe()).isPositive();
  }

  /**
   * An application with all three annotations (the demo: {@code @Timed}, {@code @Memoize} and
   * {@code @Offload} classes, one method both timed and memoized) is woven with ASM alone too:
   * Byte Buddy's type pool and class writer never load, its memoized method hits, its offloaded
   * calls run and are counted, and it computes what it computes without the agent.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void annotatedApplication_isWovenWithoutByteBuddy_memoizedOffloadedAndUnchanged(Jdk jdk)
      throws IOException {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false,auto=off")
        .args("-Xlog:class+load=info:file=classes.log").demoQuick()
        .named("annotated-direct").timeoutSeconds(180).run();
    RunResult plain = Baselines.demoWithoutAgent(jdk); // shared with the other tests

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.checksums()).isEqualTo(plain.checksums()).containsKey("all");
    String loaded = Files.readString(run.workDir().resolve("classes.log"));
    assertThat(loaded).contains("dev.overclock.instrument.DirectMemoWeave ",
            "dev.overclock.instrument.DirectOffloadWeave ",
            "dev.overclock.instrument.DirectTimingWeave ")
        .doesNotContain("dev.overclock.shaded.bytebuddy.pool.TypePool$Default ",
            "dev.overclock.shaded.bytebuddy.dynamic.scaffold.TypeWriter$Default ",
            "dev.overclock.instrument.AdviceTransformer$Redefinition ");
    JsonNode report = run.reportJson();
    JsonNode quote = report.get("memoized").get(0);
    assertThat(quote.get("name").asString()).isEqualTo("com.acme.shop.PricingEngine::quote");
    assertThat(quote.get("hits").asLong()).as(quote.toString()).isPositive();
    long offloadedCalls = 0;
    for (JsonNode method : report.get("offloaded")) {
      offloadedCalls += method.get("calls").asLong();
    }
    assertThat(offloadedCalls).as(report.get("offloaded").toString()).isPositive();
    assertThat(run.calls()).isEqualTo(plain.calls());
  }

  @Test
  void manifest_namesTheAgentEntryPoints() throws IOException {
    try (JarFile jar = new JarFile(JvmLauncher.AGENT_JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();

      assertThat(main.getValue("Premain-Class")).isEqualTo("dev.overclock.agent.OverclockAgent");
      assertThat(main.getValue("Agent-Class")).isEqualTo("dev.overclock.agent.OverclockAgent");
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.overclock.agent.OverclockAgent");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
      assertThat(main.getValue("Implementation-Version")).isNotBlank();
    }
  }

  @Test
  void commandLine_runsWithoutStartingTheAgentInItsOwnJvm() {
    RunResult run = JvmLauncher.java(Jdks.current())
        .args("-jar", JvmLauncher.AGENT_JAR.toString(), "version").named("cli-version").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).startsWith("overclock ");
    assertThat(run.agentLines()).isEmpty();
    assertThat(run.reportDir()).doesNotExist();
  }

  @Test
  void bundledLibraries_areNotLoadableUnderTheirOriginalNames() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {JvmLauncher.AGENT_JAR.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (String original : List.of("org.objectweb.asm.ClassReader", "net.bytebuddy.ByteBuddy",
          "org.HdrHistogram.Recorder", "com.github.benmanes.caffeine.cache.Caffeine",
          "org.openjdk.jmc.flightrecorder.rules.IRule", "org.owasp.encoder.Encode",
          "net.jpountz.lz4.LZ4FrameInputStream")) {
        assertThatThrownBy(() -> loader.loadClass(original)).isInstanceOf(ClassNotFoundException.class);
      }
      assertThat(loader.loadClass("dev.overclock.shaded.asm.ClassReader")).isNotNull();
      assertThat(loader.loadClass("dev.overclock.shaded.bytebuddy.ByteBuddy")).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void javaagent_loadsTheAgentFromTheBootstrapClassPath_withoutASharingWarning_andTheApplicationGainsNoJdkInternals(
      Jdk jdk) {
    RunResult run = JvmLauncher.java(jdk).agent("summary=false,verbose=true")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), BootstrapProbe.class.getName())
        .named("probe").run();

    // The jar's Boot-Class-Path names the jar itself: the JVM appends it before it starts.
    assertProbe(run, "yes");
    assertThat(run.stderr()).contains("its classes from the bootstrap class path");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void renamedJar_startsFromTheApplicationClassPath_withTheBridgeAloneOnBootstrap(Jdk jdk)
      throws IOException {
    Path renamed = Files.createTempDirectory("overclock-renamed").resolve("overclock-agent-0.1.jar");
    Files.copy(JvmLauncher.AGENT_JAR, renamed);

    RunResult run = JvmLauncher.java(jdk).args("-javaagent:" + renamed + "=summary=false,verbose=true")
        .args("-cp", JvmLauncher.TEST_CLASSES.toString(), BootstrapProbe.class.getName())
        .named("probe-renamed").run();

    assertProbe(run, "no");
    assertThat(run.stderr()).contains("its classes from the application class path (the jar is"
        + " not named overclock-agent.jar");
  }

  /**
   * {@link BootstrapProbe}'s lines: the agent runs, the bridge is on the bootstrap class path, the
   * agent's own classes ({@code onBootstrap}: "yes" or "no") with Byte Buddy, and the application
   * gained no JDK internals; and no class-data-sharing warning, which appending to the bootstrap
   * class path of a running JVM prints (turning sharing off for the application's classes).
   */
  private static void assertProbe(RunResult run, String onBootstrap) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout().lines()).containsExactly(
        "agent running: true",
        "dispatcher loader: bootstrap",
        "agent class on bootstrap: " + onBootstrap,
        "byte buddy on bootstrap: " + onBootstrap,
        "jdk.internal.misc exported to the application: no");
    assertThat(run.stderr()).doesNotContain("Sharing is only supported", "WARNING");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void agentMergedIntoAnotherJar_refusesToStart_andTheApplicationRuns(Jdk jdk) throws IOException {
    Path uber = Files.createTempDirectory("overclock-uber").resolve("app-with-agent.jar");
    copyWithManifest(JvmLauncher.AGENT_JAR, uber, "com.acme.shop.ShopDemo");

    RunResult run = JvmLauncher.java(jdk).args("-javaagent:" + uber).demoQuick().named("uber").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.agentLines()).containsExactly("[overclock] agent not started: " + uber
        + " is not overclock-agent.jar (its manifest names Main-Class com.acme.shop.ShopDemo);"
        + " use the agent jar itself, not a copy merged into another jar");
    assertThat(run.checksums()).isEqualTo(Baselines.demoWithoutAgent(jdk).checksums());
    assertThat(run.reportDir()).doesNotExist();
  }

  /** Copies every entry of the agent jar under a manifest whose Main-Class is the application's. */
  private static void copyWithManifest(Path source, Path target, String mainClass) throws IOException {
    try (JarFile jar = new JarFile(source.toFile())) {
      Manifest manifest = new Manifest(jar.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
      try (OutputStream file = Files.newOutputStream(target);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (JarEntry entry : Collections.list(jar.entries())) {
          if (entry.getName().equals("META-INF/MANIFEST.MF")) {
            continue;
          }
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = jar.getInputStream(entry)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
  }
}
