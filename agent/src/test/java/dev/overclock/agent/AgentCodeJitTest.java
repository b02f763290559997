package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/**
 * The compiler directive of {@code overhead.firsttier} in this JVM: added through the JVM's own
 * diagnostic command, seen on the directive stack as {@code jcmd Compiler.directives_print}
 * would show it, taken out again, and never a JDK internal opened to the caller's module.
 */
class AgentCodeJitTest {

  private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

  @Test
  void directive_keepsTheBackgroundPackagesAndTheJfrParserOffC2_andNotTheAdvice() {
    assertThat(AgentCodeJit.directive()).isEqualTo("[{match: [\"dev/overclock/jvm/*.*\","
        + " \"dev/overclock/jfr/*.*\", \"dev/overclock/report/*.*\","
        + " \"dev/overclock/shaded/hdrhistogram/*.*\","
        + " \"jdk/jfr/internal/consumer/*.*\", \"jdk/jfr/consumer/*.*\"],"
        + " c2: {Exclude: true}},"
        + " {match: [\"jdk/jfr/internal/LongMap.*\"],"
        + " c2: {inline: [\"-jdk/jfr/internal/consumer/*.*\", \"-jdk/jfr/consumer/*.*\"]}}]");
    // what the JDK's LongMap may not inline is exactly the JDK's code kept off C2
    assertThat(AgentCodeJit.PATTERNS).containsAll(AgentCodeJit.NOT_INLINED);
    // the advice's packages run on the application's threads and are inlined there
    assertThat(AgentCodeJit.PATTERNS).noneMatch(pattern -> pattern.startsWith("dev/overclock/metrics")
        || pattern.startsWith("dev/overclock/memo") || pattern.startsWith("dev/overclock/offload")
        || pattern.startsWith("dev/overclock/bootstrap"));
  }

  @Test
  void newest_isReadFromTheJvmsListing_inAnyOrderOfItsPatterns() {
    String first = "\nDirective:\n matching: jdk/jfr/consumer/*.*, jdk/jfr/internal/consumer/*.*,"
        + " dev/overclock/shaded/hdrhistogram/*.*, dev/overclock/report/*.*,"
        + " dev/overclock/jfr/*.*, dev/overclock/jvm/*.*\n"
        + " c1 directives:\n";
    String second = "\nDirective:\n matching: jdk/jfr/internal/LongMap.*\n c1 directives:\n";
    String ours = first + second;
    assertThat(AgentCodeJit.isNewest(ours + "\nDirective: (default)\n matching: *.*\n")).isTrue();
    assertThat(AgentCodeJit.isNewest("\nDirective:\n matching: com/acme/*.*\n" + ours)).isFalse();
    // only one of the two on top (someone removed the other), or the two in the other order
    assertThat(AgentCodeJit.isNewest(second + "\nDirective: (default)\n matching: *.*\n"))
        .isFalse();
    assertThat(AgentCodeJit.isNewest(second + first)).isFalse();
    assertThat(AgentCodeJit.isNewest("\nDirective: (default)\n matching: *.*\n")).isFalse();
    assertThat(AgentCodeJit.isNewest(null)).isFalse();
  }

  @Test
  void added_isOnTheStackOnce_takenOut_andLeftWhereAnotherCameAfterIt() throws Exception {
    try {
      assertThat(AgentCodeJit.add(INSTRUMENTATION)).isEmpty();
      assertThat(AgentCodeJit.add(INSTRUMENTATION)).isEmpty(); // once
      String stack = AgentCodeJit.call(INSTRUMENTATION, "Compiler.directives_print");
      assertThat(AgentCodeJit.isNewest(stack)).as(stack).isTrue();
      assertThat(stack.split("dev/overclock/jvm/", -1)).as(stack).hasSize(2);
      assertThat(stack).as(stack).contains(
          "inline: -jdk/jfr/internal/consumer/*.*, -jdk/jfr/consumer/*.*");

      assertThat(AgentCodeJit.remove(INSTRUMENTATION)).isEmpty();
      assertThat(AgentCodeJit.call(INSTRUMENTATION, "Compiler.directives_print"))
          .doesNotContain("dev/overclock/jvm/", "jdk/jfr/internal/LongMap");

      // someone else's directive on top of ours: ours stays, theirs is not taken out
      assertThat(AgentCodeJit.add(INSTRUMENTATION)).isEmpty();
      Path theirs = Files.createTempFile("theirs", ".json");
      Files.writeString(theirs, "[{match: [\"com/acme/Theirs.*\"], c1: {Exclude: true}}]");
      AgentCodeJit.call(INSTRUMENTATION, "Compiler.directives_add " + theirs);
      assertThat(AgentCodeJit.remove(INSTRUMENTATION)).hasValueSatisfying(
          why -> assertThat(why).contains("another compiler directive was added after them"));
      assertThat(AgentCodeJit.call(INSTRUMENTATION, "Compiler.directives_print"))
          .contains("com/acme/Theirs", "dev/overclock/jvm/");
      Files.delete(theirs);
    } finally {
      AgentCodeJit.call(INSTRUMENTATION, "Compiler.directives_clear");
      AgentCodeJit.forget();
    }
  }

  @Test
  void theCallersModule_gainsNoJdkInternals() {
    assertThat(AgentCodeJit.add(INSTRUMENTATION)).isEmpty();
    try {
      Module management = ModuleLayer.boot().findModule("jdk.management").orElseThrow();
      assertThat(management.isOpen("com.sun.management.internal", getClass().getModule()))
          .isFalse();
      assertThat(management.isOpen("com.sun.management.internal",
          AgentCodeJit.class.getModule())).isFalse();
    } finally {
      AgentCodeJit.remove(INSTRUMENTATION);
    }
  }
}
