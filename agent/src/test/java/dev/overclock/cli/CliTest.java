package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.Option;
import dev.overclock.config.Options;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArguments_printsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-javaagent:overclock-agent.jar",
        "Commands", "attach <jvm>", "detach <jvm>", "-XX:+EnableDynamicAgentLoading");
  }

  @Test
  void unknownCommand_isAUsageError_withOneLine() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err().lines()).containsExactly("overclock: unknown command 'frobnicate'; commands:"
        + " help, version, options, list, attach, status, top, report, detach, analyze, compare,"
        + " check");
  }

  @Test
  void options_listsEveryOption() {
    assertThat(run("options")).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    for (Option option : Options.ALL) {
      assertThat(text).contains(option.key(), option.description());
    }
  }

  @Test
  void version_printsTheVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("overclock ");
  }

  @Test
  void commandsWithoutTheirJvm_areUsageErrors() {
    for (String command : new String[] {"attach", "status", "top", "report", "detach"}) {
      err.reset();
      assertThat(run(command)).as(command).isEqualTo(2);
      assertThat(err().lines()).singleElement().asString()
          .startsWith("overclock: " + command + " needs ");
    }
    err.reset();
    assertThat(run("list", "extra")).isEqualTo(2);
    assertThat(err()).isEqualTo("overclock: list takes no arguments\n");
  }

  @Test
  void badOptions_areTheAgentsMessages_oneLineEach_andNothingIsAttached() {
    assertThat(run("attach", "1", "cpu=maybe", "summary.top=0")).isEqualTo(2);

    assertThat(err().lines()).containsExactly(
        "overclock: option summary.top='0' (agent argument): expected a whole number from 1 to"
            + " 1000; nothing was attached",
        "overclock: option cpu='maybe' (agent argument): expected true or false; nothing was"
            + " attached");
  }

  @Test
  void enabledFalse_hasNothingToAttach() {
    assertThat(run("attach", "1", "enabled=false")).isEqualTo(2);
    assertThat(err()).isEqualTo("overclock: enabled=false: nothing to attach ('detach' takes a"
        + " running Overclock out)\n");
  }

  @Test
  void topWithABadIterationCount_isAUsageError() {
    assertThat(run("top", "1", "--iterations", "none")).isEqualTo(2);
    assertThat(err()).isEqualTo("overclock: --iterations expects a whole number from 1, not"
        + " 'none'\n");
  }

  @Test
  void aNameThatIsAnOption_isAUsageError() {
    assertThat(run("status", "--all")).isEqualTo(2);
    assertThat(err()).isEqualTo("overclock: expected a pid or part of a main class, not"
        + " '--all'\n");
  }
}
