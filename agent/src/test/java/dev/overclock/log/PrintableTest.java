package dev.overclock.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void escapesControlCharactersSeparatorsAndBidiOverrides_keepsEverythingElse() {
    assertThat(Printable.of("com.acme.Pricing::quote \u00e9\u4e2d")).isEqualTo(
        "com.acme.Pricing::quote \u00e9\u4e2d");
    assertThat(Printable.of("a\u001b[31mb\rc\nd\u0007e\u009bf\u202eg\u2028h\u007f"))
        .isEqualTo("a\\u001b[31mb\\u000dc\\u000ad\\u0007e\\u009bf\\u202eg\\u2028h\\u007f");
    assertThat(Printable.isSafe("plain")).isTrue();
    assertThat(Printable.isSafe("tab\there")).isFalse();
    assertThat(Printable.of(null)).isNull();
  }
}
