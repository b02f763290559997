package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdkToolStartupCheckTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "jdk.jcmd, sun.tools.jcmd.JCmd 1234 help, true",
        "jdk.jfr, jdk.jfr.internal.tool.Main print x.jfr, true",
        "null, jdk.jcmd/sun.tools.jps.Jps, true",
        "null, sun.tools.jps.Jps -l, true",
        "null, '  sun.tools.jps.Jps\t-l', true",
        "null, '  com.acme.Main\tsun.tools.jps.Jps', false",
        "null, com.sun.tools.javac.Main, true",
        "jdk.compiler, jdk.compiler/com.sun.tools.javac.launcher.Main Hello.java, false",
        "jdk.compiler, com.sun.tools.javac.launcher.SourceLauncher Hello.java, false",
        "jdk.compiler, com.sun.tools.javac.Main, true",
        "null, com.acme.shop.ShopDemo --quick, false",
        "null, demo-app/target/demo-app.jar --quick, false",
        "com.acme.app, com.acme.app/com.acme.Main, false",
        "null, null, false",
        "null, '', false",
      })
  void recognisesJdkTools_andOnlyThem(String mainModule, String command, boolean tool) {
    assertThat(JdkToolStartupCheck.isJdkTool(mainModule, command)).isEqualTo(tool);
  }
}
