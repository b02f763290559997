package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachCommandTest {

  @Test
  void arguments_becomeOneAgentArgument_withSpacesOrCommas() {
    assertThat(AttachCommand.options(List.of("cpu=true,summary=false", "timed=com.acme.A::b")))
        .isEqualTo("cpu=true,summary=false,timed=com.acme.A::b");
    assertThat(AttachCommand.options(List.of())).isEmpty();
  }

  @Test
  void relativePaths_areTakenFromThisCommandsDirectory() {
    String here = Path.of("").toAbsolutePath().toString();

    assertThat(AttachCommand.options(List.of("report.dir=out", "config=oc.properties", "cpu=true")))
        .isEqualTo("report.dir=" + here + "/out,config=" + here + "/oc.properties,cpu=true");
    assertThat(AttachCommand.options(List.of("report.dir=/srv/reports")))
        .isEqualTo("report.dir=/srv/reports");
    assertThat(AttachCommand.options(List.of("report.dir=\"/srv/a,b\"")))
        .isEqualTo("report.dir=\"/srv/a,b\"");
    assertThat(AttachCommand.options(List.of("report.dir="))).isEqualTo("report.dir=");
  }

  @Test
  void problems_endWithWhatHappensHere() throws CliException {
    assertThat(AttachCommand.problems("timed=::"))
        .containsExactly("option timed='::' (agent argument): expected filters like"
            + " com.acme.Pricing::quote, com.acme.Pricing, ::quote, @com.acme.Hot or com.acme.*,"
            + " joined with ';' ('::': expected a method name after '::'); nothing was attached");
    assertThat(AttachCommand.problems("cpu=true,timed=com.acme.*")).isEmpty();
  }

  @Test
  void enabledFalse_isAUsageError() {
    assertThatThrownBy(() -> AttachCommand.problems("enabled=false"))
        .isInstanceOf(CliException.class)
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(Cli.USAGE));
  }

  @Test
  void memoizationAndPrometheusProblems_areTheAgentsMessages_withoutTheirConsequence() throws CliException {
    List<String> problems = AttachCommand.problems("prometheus.port=http,memoize.unsafe=9lives");

    assertThat(problems).hasSize(2).allSatisfy(line -> assertThat(line)
        .endsWith("; nothing was attached")
        .doesNotContain("is off"));
    assertThat(problems).anySatisfy(line ->
        assertThat(line).startsWith("option prometheus.port='http' (agent argument): expected"));
    assertThat(problems).anySatisfy(line ->
        assertThat(line).startsWith("option memoize.unsafe='9lives' (agent argument): expected"));
    assertThat(AttachCommand.problems("prometheus.port=0,memoize=com.acme.Pricing::quote")).isEmpty();
  }
}
