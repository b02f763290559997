package dev.overclock.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shell example in the README and docs/ means what it says when pasted into a shell. An
 * unquoted {@code -javaagent:...=timed=a;b} is valid syntax, so {@code sh -n} alone would pass
 * it; bash splits it into two commands, the second named {@code b}. So each block is handed to
 * bash with a DEBUG trap (under {@code extdebug}) that writes every simple command as the shell
 * parsed it and then skips it: nothing runs, and each command's first word must be a program the
 * examples really use.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReadmeShellExamplesIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> PROGRAMS = Set.of("java", "mvn", "jfr", "jcmd", "jps", "curl",
      "kill", "cd", "export", "sleep", "promtool", "prometheus", "gradle", "cat", "open", "unset",
      "docker", "ls", "hyperfine", "wrk", "bash", "sh", "unzip", "cp");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern PATH_PROGRAM = Pattern.compile("\\S*/(java|jcmd|jfr)|\\S+\\.sh");

  static Stream<Arguments> blocks() throws IOException {
    List<Arguments> blocks = new ArrayList<>();
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      StringBuilder block = null;
      int start = 0;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (block == null && (line.equals("```sh") || line.equals("```bash"))) {
          block = new StringBuilder();
          start = i + 1;
        } else if (block != null && line.startsWith("```")) {
          blocks.add(Arguments.of(ROOT.relativize(file) + ":" + (start + 1), block.toString()));
          block = null;
        } else if (block != null) {
          block.append(line).append('\n');
        }
      }
    }
    assertThat(blocks).as("shell examples found").hasSizeGreaterThan(5);
    return blocks.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void everyCommand_isTheProgramItLooksLike(String where, String block) throws Exception {
    Path script = Files.createTempFile("readme-block", ".sh");
    try {
      Files.writeString(script, block);
      assertThat(run("bash", "-n", script.toString())).as(where + " syntax").isEmpty();
      String trap = "case \"$BASH_COMMAND\" in \". " + script + "\") ;;"
          + " *) printf '%s\\n' \"$BASH_COMMAND\" >&2; false;; esac";
      String commands = run("bash", "-c", "shopt -s extdebug; trap '" + trap.replace("'", "'\\''")
          + "' DEBUG; . " + script);
      assertThat(commands).as(where).isNotBlank();
      for (String command : commands.lines().toList()) {
        String program = command.strip().split("\\s+", 2)[0];
        assertThat(PROGRAMS.contains(program) || ASSIGNMENT.matcher(program).matches()
                || PATH_PROGRAM.matcher(program).matches())
            .as("%s: the shell reads a command '%s' (in '%s'); quote an argument with ; & | or"
                + " spaces", where, program, command)
            .isTrue();
      }
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** Runs a command and returns what it wrote on standard error (the trap writes there). */
  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return err;
  }
}
