package dev.overclock.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's checksums without any agent, per JDK: what every run with the agent must
 * reproduce. Computed once per JDK and test JVM.
 */
public final class Baselines {

  private static final Map<Integer, RunResult> BY_FEATURE = new ConcurrentHashMap<>();

  private Baselines() {}

  public static RunResult demoWithoutAgent(Jdk jdk) {
    return BY_FEATURE.computeIfAbsent(jdk.feature(), feature -> {
      RunResult result = JvmLauncher.java(jdk).demoQuick().named("baseline-" + feature).run();
      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.checksums()).as(result.describe()).containsKey("all");
      assertThat(result.agentLines()).isEmpty();
      return result;
    });
  }
}
