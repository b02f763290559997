package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.select.MethodFilter;
import dev.overclock.select.MethodInfo;
import dev.overclock.select.MethodSelector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnmatchedFiltersTest {

  private static final String THIS_CLASS = UnmatchedFiltersTest.class.getName();

  @Test
  void atStart_namesAMethodTheClassFileLacks_notOneItDeclares_norAClassItCannotSee() {
    List<MethodFilter> filters = MethodFilter.parseList(THIS_CLASS + "::declared;" + THIS_CLASS
        + "::declaredd;com.example.NotOnTheClassPath::x;" + THIS_CLASS);

    List<String> warnings =
        UnmatchedFilters.atStart("timed", filters, UnmatchedFiltersTest.class.getClassLoader());

    assertThat(warnings).containsExactly("timed filter " + THIS_CLASS + "::declaredd selects"
        + " nothing: class " + THIS_CLASS + " declares no method declaredd"
        + " (did you mean declared?)");
  }

  @Test
  void sinceStart_namesTheFiltersNoSelectionHasUsed() {
    List<MethodFilter> filters = MethodFilter.parseList("com.example.A::run;com.example.B::run");
    MethodSelector selector = MethodSelector.timing(filters, List.of(), List.of());

    assertThat(UnmatchedFilters.sinceStart("timed", filters)).hasSize(2);
    assertThat(selector.reason(method("com.example.A", "run"))).isNotNull();
    assertThat(selector.reason(method("com.example.C", "run"))).isNull();

    assertThat(UnmatchedFilters.sinceStart("timed", filters)).containsExactly("timed filter"
        + " com.example.B::run has selected no method of the classes loaded so far (check the"
        + " class and method names)");
  }

  @Test
  void nearest_suggestsAClosePrefixOnly() {
    assertThat(UnmatchedFilters.nearest("qoute", Set.of("quote", "quota", "total")))
        .isEqualTo("quote");
    assertThat(UnmatchedFilters.nearest("render", Set.of("quote", "total"))).isNull();
  }

  void declared() {}

  private static MethodInfo method(String className, String name) {
    return new MethodInfo(className, name, "()V", Set.of(), Set.of());
  }
}
