package dev.overclock.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MethodSelectorTest {

  private static MethodInfo method(String className, String name, String... annotations) {
    return new MethodInfo(className, name, Set.of(annotations), Set.of());
  }

  @Test
  void timedAnnotation_onMethodOrClass_selects() {
    MethodSelector selector = MethodSelector.timing(List.of(), List.of(), List.of());

    assertThat(selector.reason(method("com.acme.A", "a", MethodSelector.TIMED_ANNOTATION)))
        .isEqualTo(MethodSelector.Reason.ANNOTATION);
    assertThat(selector.reason(
            new MethodInfo("com.acme.A", "b", Set.of(), Set.of(MethodSelector.TIMED_ANNOTATION))))
        .isEqualTo(MethodSelector.Reason.ANNOTATION);
    assertThat(selector.reason(method("com.acme.A", "c"))).isNull();
  }

  @Test
  void filters_select_withReasonFilter() {
    MethodSelector selector =
        MethodSelector.timing(MethodFilter.parseList("com.acme.A::a"), List.of(), List.of());

    assertThat(selector.reason(method("com.acme.A", "a"))).isEqualTo(MethodSelector.Reason.FILTER);
    assertThat(selector.reason(method("com.acme.A", "b"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"java.util.HashMap", "javax.swing.JFrame", "jdk.internal.Foo",
      "sun.misc.Unsafe", "com.sun.net.httpserver.HttpServer", "dev.overclock.agent.OverclockAgent",
      "net.bytebuddy.ByteBuddy", "com.acme.Service$$Lambda$14", "com.acme.Repo$$EnhancerBySpringCGLIB$$1"})
  void jdkAgentAndGeneratedClasses_areNeverSelected_evenByAnExplicitFilter(String className) {
    MethodSelector selector =
        MethodSelector.timing(MethodFilter.parseList(className + "::run"), List.of(), List.of());

    assertThat(selector.isIgnoredClass(className)).isTrue();
    assertThat(selector.reason(method(className, "run", MethodSelector.TIMED_ANNOTATION))).isNull();
  }

  @Test
  void include_limitsSelectionToItsPackages() {
    MethodSelector selector =
        MethodSelector.timing(MethodFilter.parseList("::run"), List.of("com.acme"), List.of());

    assertThat(selector.reason(method("com.acme.deep.A", "run"))).isNotNull();
    assertThat(selector.reason(method("com.acmex.A", "run"))).isNull();
    assertThat(selector.reason(method("org.other.A", "run", MethodSelector.TIMED_ANNOTATION)))
        .isNull();
  }

  @Test
  void exclude_winsOverFiltersAndAnnotations() {
    MethodSelector selector =
        MethodSelector.timing(MethodFilter.parseList("::run"), List.of(), List.of("com.acme.gen"));

    assertThat(selector.reason(method("com.acme.gen.A", "run", MethodSelector.TIMED_ANNOTATION)))
        .isNull();
    assertThat(selector.reason(method("com.acme.A", "run"))).isNotNull();
  }
}
