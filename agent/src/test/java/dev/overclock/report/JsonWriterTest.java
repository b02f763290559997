package dev.overclock.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonWriterTest {

  @Test
  void controlCharactersAndQuotes_areEscaped_andParseBack() {
    String nasty = "a\"b\\c\nd\re\tf\u0001g\u2028h</script>";
    String json = new JsonWriter(false).beginObject().name("s").value(nasty).endObject().toString();

    JsonNode node = new ObjectMapper().readTree(json);

    assertThat(node.get("s").asString()).isEqualTo(nasty);
  }

  @Test
  void loneSurrogatesAndNonAscii_areEscaped_soTheOutputIsAscii() {
    String name = "caf\u00e9\ud800x\ud83d\ude00";
    String json = new JsonWriter(false).beginObject().name("s").value(name).endObject().toString();

    assertThat(json.chars().allMatch(c -> c < 0x80)).isTrue();
    assertThat(new ObjectMapper().readTree(json.replace("\\ud800", "?")).get("s").asString())
        .isEqualTo("caf\u00e9?x\ud83d\ude00");
  }

  @Test
  void largeDoubles_doNotOverflow() {
    String json = new JsonWriter(false).beginArray().value(1.08000000000005E13).value(2.5e9)
        .value(123.4567891).endArray().toString();

    assertThat(json).isEqualTo("[10800000000001,2500000000,123.456789]");
  }

  @Test
  void numbers_nullsAndNesting() {
    String json = new JsonWriter(true).beginObject()
        .name("n").value(42L)
        .name("d").value(1.5)
        .name("whole").value(3.0)
        .name("nan").value(Double.NaN)
        .name("none").nullValue()
        .name("list").beginArray().value(true).beginObject().endObject().beginArray().endArray().endArray()
        .endObject().toString();

    JsonNode node = new ObjectMapper().readTree(json);

    assertThat(node.get("n").asLong()).isEqualTo(42);
    assertThat(node.get("d").asDouble()).isEqualTo(1.5);
    assertThat(node.get("whole").asLong()).isEqualTo(3);
    assertThat(node.get("nan").isNull()).isTrue();
    assertThat(node.get("none").isNull()).isTrue();
    assertThat(node.get("list")).hasSize(3);
  }
}
