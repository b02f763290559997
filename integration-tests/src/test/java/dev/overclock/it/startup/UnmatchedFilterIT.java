package dev.overclock.it.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.ReportAssertions;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A filter that selects nothing is named, at start where the class path proves it and at exit
 * and in the report otherwise, while the filters that do select keep working.
 */
@Execution(ExecutionMode.CONCURRENT)
class UnmatchedFilterIT {

  @Test
  void misspeltMethod_andMissingClass_areNamed_theGoodFilterStillTimes() throws IOException {
    String misspelt = "com.acme.shop.PricingEngine::qoute";
    String missing = "com.acme.shop.Nope::x";
    RunResult run = JvmLauncher.java(Jdks.current())
        .agent("timed=com.acme.shop.PricingEngine::quote;" + misspelt + ";" + missing)
        .demoQuick().named("unmatched-filter").run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.agentLines()).as(run.describe()).contains(
        "[overclock] timed filter " + misspelt + " selects nothing: class"
            + " com.acme.shop.PricingEngine declares no method qoute (did you mean quote?)",
        "[overclock] timed filter " + missing + " has selected no method of the classes loaded"
            + " so far (check the class and method names)");
    assertThat(run.agentLines()).noneMatch(line -> line.contains("filter"
        + " com.acme.shop.PricingEngine::quote "));

    List<String> problems = new ArrayList<>();
    run.reportJson().get("health").get("problems").forEach(p -> problems.add(p.asString()));
    assertThat(problems).contains(
        "timed filter " + missing + " has selected no method of the classes loaded so far"
            + " (check the class and method names)",
        "timed filter " + misspelt + " selects nothing: class com.acme.shop.PricingEngine"
            + " declares no method qoute (did you mean quote?)");
    assertThat(problems).filteredOn(p -> p.contains(misspelt)).hasSize(1);
    assertThat(ReportAssertions.methodsByName(run.reportJson())
        .get("com.acme.shop.PricingEngine::quote").get("calls").asLong()).isPositive();
  }
}
