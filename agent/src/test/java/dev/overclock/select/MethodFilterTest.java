package dev.overclock.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MethodFilterTest {

  private static final MethodInfo QUOTE =
      new MethodInfo("com.acme.Pricing", "quote", Set.of("com.acme.Hot"), Set.of());
  private static final MethodInfo NESTED =
      new MethodInfo("com.acme.Outer$Inner", "run", Set.of(), Set.of("com.acme.Hot"));
  private static final MethodInfo OTHER =
      new MethodInfo("org.shop.Cart", "total", Set.of(), Set.of());

  @ParameterizedTest
  @CsvSource({
    "com.acme.Pricing::quote, METHOD, true, false, false",
    "com.acme.Pricing, CLASS, true, false, false",
    "::quote, METHOD_NAME, true, false, false",
    "@com.acme.Hot, ANNOTATION, true, true, false",
    "com.acme.*, PACKAGE, true, true, false",
    "com.acme.Outer$Inner::run, METHOD, false, true, false",
    "org.shop.Cart::total, METHOD, false, false, true",
  })
  void parse_recognisesEachForm_andMatchesTheRightMethods(
      String text, MethodFilter.Kind kind, boolean quote, boolean nested, boolean other) {
    MethodFilter filter = MethodFilter.parse(text);

    assertThat(filter.kind()).isEqualTo(kind);
    assertThat(filter.toString()).isEqualTo(text);
    assertThat(filter.matches(QUOTE)).isEqualTo(quote);
    assertThat(filter.matches(NESTED)).isEqualTo(nested);
    assertThat(filter.matches(OTHER)).isEqualTo(other);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"::", "", "com.acme.Pricing::", "::1bad", "com..acme", "@", "com.acme.Pricing::<init>",
          "::<clinit>", "com.acme.Pricing::quote()", ".*", "a b"})
  void parse_refusesMalformedFilters_withAMessageNamingThem(String text) {
    assertThatThrownBy(() -> MethodFilter.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'");
  }

  @Test
  void parseList_splitsOnSemicolons_andTrims() {
    List<MethodFilter> filters = MethodFilter.parseList(" com.acme.Pricing::quote ; ::run;@com.acme.Hot ");

    assertThat(filters).extracting(MethodFilter::toString)
        .containsExactly("com.acme.Pricing::quote", "::run", "@com.acme.Hot");
  }

  @Test
  void parseList_ofBlankText_isEmpty() {
    assertThat(MethodFilter.parseList("  ")).isEmpty();
  }

  @Test
  void parseList_refusesAnEmptyFilterBetweenSeparators() {
    assertThatThrownBy(() -> MethodFilter.parseList("::a;;::b"))
        .hasMessageContaining("empty filter");
  }

  @Test
  void mayMatchClass_judgesByNameOnly() {
    assertThat(MethodFilter.parse("com.acme.Pricing::quote").mayMatchClass("com.acme.Pricing")).isTrue();
    assertThat(MethodFilter.parse("com.acme.Pricing::quote").mayMatchClass("com.acme.Other")).isFalse();
    assertThat(MethodFilter.parse("com.acme.*").mayMatchClass("com.acme.deep.Thing")).isTrue();
    assertThat(MethodFilter.parse("com.acme.*").mayMatchClass("com.acmex.Thing")).isFalse();
    assertThat(MethodFilter.parse("::quote").mayMatchClass("any.Thing")).isTrue();
  }
}
