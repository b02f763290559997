package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class DynamicAgentsTest {

  private static Properties flags(String jvmArgs) {
    Properties properties = new Properties();
    properties.setProperty("sun.jvm.args", jvmArgs);
    return properties;
  }

  @Test
  void aJvmStartedWithTheFlagOff_isRefused_namingTheFlagThatAllowsIt() {
    assertThat(DynamicAgents.refusal(42, flags("-Xmx1g -XX:-EnableDynamicAgentLoading")))
        .isEqualTo("pid 42 refuses dynamic agents: it was started with"
            + " -XX:-EnableDynamicAgentLoading (JEP 451); restart it with"
            + " -XX:+EnableDynamicAgentLoading, or start Overclock with -javaagent");
    assertThat(DynamicAgents.refusal(42, flags("-XX:+EnableDynamicAgentLoading"))).isNull();
    assertThat(DynamicAgents.refusal(42, new Properties())).isNull();
  }

  @Test
  void jdk21AndLater_withoutTheFlag_getANoteAboutTheWarning() {
    assertThat(DynamicAgents.warningNote(42, 25, flags("-Xmx1g")))
        .startsWith("note: JDK 25 prints a warning about a dynamically loaded agent on the"
            + " standard error of pid 42 (JEP 451); start it with -XX:+EnableDynamicAgentLoading");
    assertThat(DynamicAgents.warningNote(42, 25, flags("-XX:+EnableDynamicAgentLoading"))).isNull();
    assertThat(DynamicAgents.warningNote(42, 17, flags(""))).isNull();
  }

  @Test
  void feature_readsTheSpecificationVersion() {
    Properties properties = new Properties();
    assertThat(DynamicAgents.feature(properties)).isZero();
    properties.setProperty("java.specification.version", "25");
    assertThat(DynamicAgents.feature(properties)).isEqualTo(25);
    properties.setProperty("java.specification.version", "1.8");
    assertThat(DynamicAgents.feature(properties)).isEqualTo(8);
    properties.setProperty("java.specification.version", "x");
    assertThat(DynamicAgents.feature(properties)).isZero();
  }
}
