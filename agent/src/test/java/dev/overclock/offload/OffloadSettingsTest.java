package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffloadSettingsTest {

  private static final OffloadSettings DEFAULTS = new OffloadSettings(5_000_000_000L, 8, -1);

  @Test
  void absentAttributes_takeTheDefaults() {
    assertThat(OffloadSettings.of(Map.of(), DEFAULTS)).isEqualTo(DEFAULTS);
  }

  @Test
  void annotationAttributes_overrideTheDefaults() {
    OffloadSettings settings = OffloadSettings.of(
        Map.of("timeout", "200ms", "maxConcurrency", 3, "queueTimeout", "0"), DEFAULTS);

    assertThat(settings).isEqualTo(new OffloadSettings(200_000_000L, 3, 0));
    assertThat(settings.describe()).isEqualTo("timeout 200ms, maxConcurrency 3, queueTimeout 0");
  }

  @Test
  void badAttributes_areRefusedWithASentence() {
    assertThatThrownBy(() -> OffloadSettings.of(Map.of("timeout", "soon"), DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout=\"soon\" is not a duration such as 250ms, 10s or 5m");
    assertThatThrownBy(() -> OffloadSettings.of(Map.of("maxConcurrency", -1), DEFAULTS))
        .hasMessage("maxConcurrency=-1 is negative");
  }

  @Test
  void describe_namesUnlimitedLimits() {
    assertThat(OffloadSettings.DEFAULTS.describe()).isEqualTo("timeout none, maxConcurrency unlimited");
    assertThat(new OffloadSettings(0, 2, -1).describe())
        .isEqualTo("timeout none, maxConcurrency 2, queueTimeout unlimited");
  }
}
