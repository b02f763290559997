package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaults() throws Exception {
    DemoOptions options = DemoOptions.parse();
    assertThat(options.orders()).isEqualTo(DemoOptions.DEFAULT_ORDERS);
    assertThat(options.timeCap()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.quick()).isFalse();
    assertThat(options.help()).isFalse();
  }

  @Test
  void acceptsEveryDocumentedForm() throws Exception {
    assertThat(DemoOptions.parse("--quick").orders()).isEqualTo(DemoOptions.QUICK_ORDERS);
    assertThat(DemoOptions.parse("--orders", "42").orders()).isEqualTo(42);
    assertThat(DemoOptions.parse("--orders=42").orders()).isEqualTo(42);
    assertThat(DemoOptions.parse("--duration", "500ms").timeCap()).isEqualTo(Duration.ofMillis(500));
    assertThat(DemoOptions.parse("--duration=10s").timeCap()).isEqualTo(Duration.ofSeconds(10));
    assertThat(DemoOptions.parse("--quick", "--duration", "1m").timeCap()).isEqualTo(Duration.ofMinutes(1));
    assertThat(DemoOptions.parse("--help").help()).isTrue();
  }

  @Test
  void rejectsBadArgumentsWithOneLineNamingThem() {
    assertThatThrownBy(() -> DemoOptions.parse("--fast"))
        .isInstanceOf(DemoOptions.BadArgumentException.class)
        .hasMessageContaining("'--fast'")
        .hasMessageContaining("--orders N");
    assertThatThrownBy(() -> DemoOptions.parse("--orders", "0")).hasMessageContaining("'0' for --orders");
    assertThatThrownBy(() -> DemoOptions.parse("--orders", "ten")).hasMessageContaining("'ten' for --orders");
    assertThatThrownBy(() -> DemoOptions.parse("--orders")).hasMessageContaining("--orders needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--duration", "10")).hasMessageContaining("'10' for --duration");
    assertThatThrownBy(() -> DemoOptions.parse("--duration", "0s")).hasMessageContaining("'0s' for --duration");
    assertThatThrownBy(() -> DemoOptions.parse("--quick", "--orders", "5")).hasMessageContaining("cannot be combined");
    assertThatThrownBy(() -> DemoOptions.parse("--fast")).message().doesNotContain("\n");
  }
}
