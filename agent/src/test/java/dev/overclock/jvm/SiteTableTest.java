package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SiteTableTest {

  @Test
  void heavySites_surviveAFloodOfLightOnes_inBoundedMemory() {
    SiteTable table = new SiteTable(8);

    for (int i = 0; i < 10_000; i++) {
      table.add("light" + i, "park", "", 1, 0, null);
      if (i % 10 == 0) {
        table.add("heavy", "park", "lock", 100, 0, null);
      }
    }

    assertThat(table.top(1)).singleElement().satisfies(entry -> {
      assertThat(entry.site).isEqualTo("heavy");
      assertThat(entry.count).isEqualTo(1_000);
      assertThat(entry.max).isEqualTo(100);
    });
    assertThat(table.top(100)).hasSizeLessThanOrEqualTo(8);
    assertThat(table.total()).isEqualTo(10_000 + 100_000);
    assertThat(table.events()).isEqualTo(11_000);
  }

  @Test
  void sitesDifferingInKindOrDetail_areSeparate() {
    SiteTable table = new SiteTable(8);

    table.add("a", "socket-read", "host:1", 5, 10, null);
    table.add("a", "socket-read", "host:2", 7, 20, null);
    table.add("a", "socket-write", "host:1", 3, 30, null);

    assertThat(table.top(10)).extracting(entry -> entry.detail + " " + entry.kind + " " + entry.bytes)
        .containsExactly("host:2 socket-read 20", "host:1 socket-read 10", "host:1 socket-write 30");
  }
}
