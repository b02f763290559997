package dev.overclock.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.config.MemoizeOverride;
import dev.overclock.select.MethodFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoPolicyTest {

  private static final MemoPolicy NONE = new MemoPolicy(List.of(), List.of());

  @Test
  void noAttributes_giveTheAnnotationsDefaults() {
    MemoPolicy.Decision decision = NONE.decide("com.acme.P", "q", "long", Map.of());

    assertThat(decision.refusal()).isNull();
    assertThat(decision.settings()).isEqualTo(MemoSettings.DEFAULTS);
  }

  @Test
  void annotationAttributes_areRead_asTheClassFileHoldsThem() {
    MemoPolicy.Decision decision = NONE.decide("com.acme.P", "q", "java.lang.String",
        Map.of("maxSize", 500L, "expireAfterWrite", "30s", "verify", 3, "verifyRate", 0.5));

    assertThat(decision.settings()).isEqualTo(new MemoSettings(500, Duration.ofSeconds(30), 3, 0.5));
  }

  @Test
  void perMethodOptions_overrideTheAnnotation_forMatchingMethodsOnly() {
    MemoPolicy policy = new MemoPolicy(List.of(), List.of(
        new MemoizeOverride(MethodFilter.parse("com.acme.P::q"), 7L, null, 0, null, null, null)));

    assertThat(policy.decide("com.acme.P", "q", "long", Map.of("maxSize", 500L)).settings())
        .isEqualTo(new MemoSettings(7, Duration.ZERO, 0, 0.001));
    assertThat(policy.decide("com.acme.P", "r", "long", Map.of("maxSize", 500L)).settings().maxSize())
        .isEqualTo(500);
  }

  @Test
  void refusals_nameTheReason() {
    MemoPolicy policy = new MemoPolicy(List.of("com.acme.Matrix", "com.acme.mutable.*"), List.of(
        new MemoizeOverride(MethodFilter.parse("::off"), null, null, null, null, false, null),
        new MemoizeOverride(MethodFilter.parse("::bad"), null, null, null, null, false,
            "option memoize.::bad.verify='x': expected a whole number")));

    assertThat(policy.decide("c.A", "<init>", "void", Map.of()).refusal()).contains("constructor");
    assertThat(policy.decide("c.A", "m", "void", Map.of()).refusal()).contains("void");
    assertThat(policy.decide("c.A", "m", "java.util.stream.Stream", Map.of()).refusal())
        .contains("java.util.stream.Stream").contains("single-use or mutable JDK type");
    assertThat(policy.decide("c.A", "m", "com.acme.Matrix", Map.of()).refusal())
        .contains("memoize.unsafe=com.acme.Matrix");
    assertThat(policy.decide("c.A", "m", "com.acme.mutable.Grid", Map.of()).refusal())
        .contains("memoize.unsafe=com.acme.mutable.*");
    assertThat(policy.decide("c.A", "m", "com.acme.MatrixView", Map.of()).refusal()).isNull();
    assertThat(policy.decide("c.A", "off", "int", Map.of()).refusal())
        .isEqualTo("memoize.::off.enabled=false");
    assertThat(policy.decide("c.A", "bad", "int", Map.of()).refusal()).contains("expected a whole");
    assertThat(policy.decide("c.A", "m", "int", Map.of("expireAfterWrite", "soon")).refusal())
        .isEqualTo("@Memoize expireAfterWrite='soon' is not a duration such as 500ms, 30s or 5m");
    assertThat(policy.decide("c.A", "m", "int", Map.of("verifyRate", 2.0)).refusal())
        .isEqualTo("@Memoize verifyRate must be from 0 to 1, not 2.0");
    assertThat(policy.decide("c.A", "m", "int", Map.of("verify", -1)).refusal())
        .isEqualTo("@Memoize verify must be 0 or more, not -1");
  }
}
