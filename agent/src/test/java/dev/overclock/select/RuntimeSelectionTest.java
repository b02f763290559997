package dev.overclock.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuntimeSelectionTest {

  private static MethodInfo method(String className, String name, String descriptor) {
    return new MethodInfo(className, name, descriptor, Set.of(), Set.of());
  }

  @Test
  void addedMethod_isSelectedWithReasonAuto_byExactDescriptorOnly() {
    RuntimeSelection runtime = new RuntimeSelection();
    MethodSelector selector = MethodSelector.timing(List.of(), List.of(), List.of(), runtime);

    assertThat(runtime.add("com.acme.Route", "plan", "(II)I", "auto: 12% of samples")).isTrue();

    assertThat(selector.reason(method("com.acme.Route", "plan", "(II)I")))
        .isEqualTo(MethodSelector.Reason.AUTO);
    assertThat(selector.reason(method("com.acme.Route", "plan", "(J)I"))).isNull();
    assertThat(selector.reason(new MethodInfo("com.acme.Route", "plan", Set.of(), Set.of())))
        .isNull();
    assertThat(runtime.reason("com.acme.Route", "plan", "(II)I")).isEqualTo("auto: 12% of samples");
  }

  @Test
  void annotationAndFilters_winOverARuntimeAddition() {
    RuntimeSelection runtime = new RuntimeSelection();
    runtime.add("com.acme.Route", "plan", "(II)I", "auto");
    MethodSelector selector = MethodSelector.timing(
        MethodFilter.parseList("com.acme.Route::plan"), List.of(), List.of(), runtime);

    assertThat(selector.reason(method("com.acme.Route", "plan", "(II)I")))
        .isEqualTo(MethodSelector.Reason.FILTER);
  }

  @Test
  void jdkClassesAndExcludedPackages_stayUnselected_evenWhenAdded() {
    RuntimeSelection runtime = new RuntimeSelection();
    runtime.add("java.util.HashMap", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", "auto");
    runtime.add("com.acme.gen.Parser", "parse", "()V", "auto");
    MethodSelector selector =
        MethodSelector.timing(List.of(), List.of(), List.of("com.acme.gen"), runtime);

    assertThat(selector.reason(
        method("java.util.HashMap", "get", "(Ljava/lang/Object;)Ljava/lang/Object;"))).isNull();
    assertThat(selector.reason(method("com.acme.gen.Parser", "parse", "()V"))).isNull();
  }

  @Test
  void remove_takesTheMethodOut_andTheClassWhenItWasTheLast() {
    RuntimeSelection runtime = new RuntimeSelection();
    runtime.add("com.acme.Route", "plan", "(II)I", "auto");
    runtime.add("com.acme.Route", "cost", "(I)J", "auto");

    assertThat(runtime.remove("com.acme.Route", "plan", "(II)I")).isTrue();
    assertThat(runtime.remove("com.acme.Route", "plan", "(II)I")).isFalse();
    assertThat(runtime.hasClass("com.acme.Route")).isTrue();
    assertThat(runtime.size()).isEqualTo(1);
    runtime.remove("com.acme.Route", "cost", "(I)J");
    assertThat(runtime.hasClass("com.acme.Route")).isFalse();
    assertThat(runtime.classes()).isEmpty();
  }

  @Test
  void prefilter_letsClassesWithAdditionsThrough_evenWithoutTheAnnotation() {
    RuntimeSelection runtime = new RuntimeSelection();
    ClassPrefilter prefilter =
        MethodSelector.timing(List.of(), List.of(), List.of(), runtime).prefilter();
    byte[] noAnnotation = new byte[] {1, 2, 3};

    assertThat(prefilter.mayMatch("com.acme.Route", noAnnotation)).isFalse();
    runtime.add("com.acme.Route", "plan", "(II)I", "auto");
    assertThat(prefilter.mayMatch("com.acme.Route", noAnnotation)).isTrue();
  }

  @Test
  void runtimeOnlySelection_ignoresTheTimedAnnotation() {
    RuntimeSelection runtime = new RuntimeSelection();
    MethodSelector selector = MethodSelector.runtimeOnly(runtime, List.of(), List.of());

    assertThat(selector.reason(new MethodInfo("com.acme.A", "a", "()V",
        Set.of(MethodSelector.TIMED_ANNOTATION), Set.of()))).isNull();
    runtime.add("com.acme.A", "a", "()V", "arguments");
    assertThat(selector.reason(method("com.acme.A", "a", "()V")))
        .isEqualTo(MethodSelector.Reason.AUTO);
  }
}
