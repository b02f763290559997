package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.Option;
import dev.overclock.config.Options;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noArguments_printsUsage() {
    assertThat(run()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("-javaagent:overclock-agent.jar", "Commands:");
  }

  @Test
  void unknownCommand_isAUsageError_withOneLine() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("overclock: unknown command 'frobnicate'; commands: help, version, options, analyze, compare");
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
}
