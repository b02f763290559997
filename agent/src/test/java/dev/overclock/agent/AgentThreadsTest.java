package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.Config;
import dev.overclock.config.ConfigParser;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which background work goes first at start-up: the advice, or the JFR part. */
class AgentThreadsTest {

  /** Sees no class at all: an application without Overclock's annotations. */
  private static final ClassLoader NOTHING = new URLClassLoader(new URL[0], null);

  private static Config config(String options) {
    return ConfigParser.parse(options, new Properties(), Map.of());
  }

  @Test
  void adviceWaits_whenNoAnnotationIsVisible_andNoFilterNamesMethods() {
    assertThat(AgentThreads.adviceNeededAtLoad(config(""), NOTHING)).isFalse();
  }

  @Test
  void adviceGoesFirst_whenTheClassPathHasTheAnnotations() {
    // The test class path has overclock-annotations, as an application using them has.
    assertThat(AgentThreads.adviceNeededAtLoad(config(""), AgentThreadsTest.class.getClassLoader()))
        .isTrue();
  }

  @Test
  void adviceGoesFirst_whenFiltersNameMethods() {
    assertThat(AgentThreads.adviceNeededAtLoad(config("timed=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
    assertThat(AgentThreads.adviceNeededAtLoad(config("memoize=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
    assertThat(AgentThreads.adviceNeededAtLoad(config("offload=com.acme.Pricing::quote"), NOTHING))
        .isTrue();
  }
}
