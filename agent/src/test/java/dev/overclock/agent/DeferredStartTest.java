package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.Config;
import dev.overclock.config.ConfigParser;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Whether a class may need advice as it loads, which decides whether premain's start waits for
 * the application's ({@link DeferredStart}) and, once started, which background work goes first.
 */
class DeferredStartTest {

  /** Sees no class at all: an application without Overclock's annotations. */
  private static final ClassLoader NOTHING = new URLClassLoader(new URL[0], null);

  /** The test class path has overclock-annotations, as an application using them has. */
  private static final ClassLoader ANNOTATED = DeferredStartTest.class.getClassLoader();

  private static Config config(String options) {
    return ConfigParser.parse(options, new Properties(), Map.of());
  }

  @Test
  void adviceWaits_whenNoAnnotationIsVisible_andNoFilterNamesMethods() {
    assertThat(DeferredStart.adviceNeededAtLoad(config(""), NOTHING)).isFalse();
  }

  @Test
  void adviceGoesFirst_whenTheClassPathHasTheAnnotations() {
    assertThat(DeferredStart.adviceNeededAtLoad(config(""), ANNOTATED)).isTrue();
  }

  @Test
  void adviceGoesFirst_whenFiltersNameMethods() {
    assertThat(DeferredStart.adviceNeededAtLoad(config("timed=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
    assertThat(DeferredStart.adviceNeededAtLoad(config("memoize=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
    assertThat(DeferredStart.adviceNeededAtLoad(config("offload=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
  }

  @Test
  void startWaits_forAnApplicationThatNeedsNoAdviceAsItLoads() {
    assertThat(DeferredStart.applies(config(""), NOTHING)).isTrue();
    assertThat(DeferredStart.applies(config("auto=off,jfr=false"), NOTHING)).isTrue();
  }

  @Test
  void startStaysWhole_whenAClassMayNeedAdvice_orPoolsMustBeSeen_orTheWaitIsOff() {
    assertThat(DeferredStart.applies(config(""), ANNOTATED)).isFalse();
    assertThat(DeferredStart.applies(config("timed=com.acme.Pricing::quote"), NOTHING)).isFalse();
    // Every pool the application creates, from its first, goes through the call-site transformer.
    assertThat(DeferredStart.applies(config("offload.executors=virtual"), NOTHING)).isFalse();
    assertThat(DeferredStart.applies(config("jfr.startwait=0"), NOTHING)).isFalse();
  }

  @Test
  void startRunsBesideMain_whenClassesMayNeedAdviceAsTheyLoad() {
    assertThat(DeferredStart.besideMain(config(""), ANNOTATED)).isTrue();
    assertThat(DeferredStart.besideMain(config("auto=off,jfr=false"), ANNOTATED)).isTrue();
    // the watch holds a class a filter may name as well
    assertThat(DeferredStart.besideMain(config("timed=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
    assertThat(DeferredStart.besideMain(config("memoize=com.acme.Pricing::quote"), ANNOTATED))
        .isTrue();
    // Nothing needs advice as it loads: the start waits for the application's instead.
    assertThat(DeferredStart.besideMain(config(""), NOTHING)).isFalse();
    // Every pool from the first must be seen; and no wait at all was asked for.
    assertThat(DeferredStart.besideMain(config("offload.executors=virtual"), ANNOTATED)).isFalse();
    assertThat(DeferredStart.besideMain(config("jfr.startwait=0"), ANNOTATED)).isFalse();
  }

  @Test
  void contains_findsThePartAnywhere_andNothingThatOnlyBeginsLikeIt() {
    byte[] part = "Ldev/overclock/annotations/".getBytes(StandardCharsets.US_ASCII);
    assertThat(DeferredStart.contains(
        "xxLdev/overclock/annotations/Timed;".getBytes(StandardCharsets.US_ASCII), part)).isTrue();
    assertThat(DeferredStart.contains(part, part)).isTrue();
    assertThat(DeferredStart.contains(
        "Ldev/overclock/annotationsX Ldev/overclock/annotation".getBytes(StandardCharsets.US_ASCII),
        part)).isFalse();
    assertThat(DeferredStart.contains(new byte[3], part)).isFalse();
  }

  @Test
  void contains_findsTheAnnotations_inAClassFileThatUsesThem() throws Exception {
    byte[] part = "Ldev/overclock/annotations/".getBytes(StandardCharsets.US_ASCII);
    assertThat(DeferredStart.contains(classFile(Annotated.class), part)).isTrue();
    assertThat(DeferredStart.contains(classFile(Config.class), part)).isFalse();
  }

  private static byte[] classFile(Class<?> type) throws Exception {
    try (var in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** A class as an application writes it. */
  static final class Annotated {
    @dev.overclock.annotations.Timed
    int work() {
      return 1;
    }
  }
}
