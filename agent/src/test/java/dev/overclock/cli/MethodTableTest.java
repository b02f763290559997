package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.control.StatusMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodTableTest {

  private static final StatusMessage.Row PROCESS = new StatusMessage.Row(
      "com.acme.shop.OrderService::process", "annotation", 12_000, 3, 9_110_000, 20_000_000,
      30_100_000, 329_000_000, 126_000_000_000L, 0.572);
  private static final StatusMessage.Row QUOTE = new StatusMessage.Row(
      "com.acme.shop.PricingEngine::quote", "annotation", 950, 0, 150_000, 1_000_000,
      3_950_000, 21_800_000, 9_310_000_000L, 0.042);

  @Test
  void wideTerminal_showsEveryColumn_andFullNames() {
    List<String> lines = MethodTable.render(List.of(PROCESS, QUOTE), null, 200, 0);

    assertThat(lines.get(0))
        .matches("method\\s+calls\\s+errors\\s+p50\\s+p99\\s+max\\s+thread\\s+share\\s+by");
    assertThat(lines.get(1)).startsWith("com.acme.shop.OrderService::process ")
        .contains("12.0k", "9.11 ms", "30.1 ms", "329 ms", "126 s", "57.2%")
        .endsWith(" @Timed");
    assertThat(lines.get(2)).contains(" 950 ");
  }

  @Test
  void p95_besideP50AndP99_whenTheAgentSendsIt() {
    StatusMessage.Row withP95 = new StatusMessage.Row("com.acme.shop.PricingEngine::quote",
        "annotation", 950, 0, 150_000, 1_000_000, 3_950_000, 21_800_000, 9_310_000_000L, 0.042,
        2_480_000);

    List<String> lines = MethodTable.render(List.of(withP95), null, 200, 0);

    assertThat(lines.get(0))
        .matches("method\\s+calls\\s+errors\\s+p50\\s+p95\\s+p99\\s+max\\s+thread\\s+share\\s+by");
    assertThat(lines.get(1)).contains("150 us", "2.48 ms", "3.95 ms");
  }

  @Test
  void everyLine_fitsTheWidth() {
    for (int width : new int[] {40, 60, 80, 100, 120}) {
      for (String line : MethodTable.render(List.of(PROCESS, QUOTE), Map.of(), width, 0)) {
        assertThat(line.length()).as(width + ": " + line).isLessThanOrEqualTo(width);
      }
    }
  }

  @Test
  void narrowTerminal_dropsTheLeastImportantFigures_andAbbreviatesPackages() {
    List<String> lines = MethodTable.render(List.of(PROCESS), Map.of(PROCESS.name(), 690.4), 64, 0);

    assertThat(lines.get(0)).doesNotContain("max", "p50", " by").contains("calls", "p99", "share");
    assertThat(lines.get(1)).startsWith("c.a.s.OrderService::process ");
  }

  @Test
  void shorten_abbreviatesPackagesFirst_thenCutsFromTheLeft() {
    String name = "com.acme.shop.InventoryClient::fetchStock";
    assertThat(MethodTable.shorten(name, 50)).isEqualTo(name);
    assertThat(MethodTable.shorten(name, 37)).isEqualTo("c.a.shop.InventoryClient::fetchStock");
    assertThat(MethodTable.shorten(name, 33)).isEqualTo("c.a.s.InventoryClient::fetchStock");
    assertThat(MethodTable.shorten(name, 20)).hasSize(20).startsWith("…").endsWith("::fetchStock");
  }

  @Test
  void rates_appearAsCallsPerSecond() {
    List<String> lines = MethodTable.render(List.of(PROCESS, QUOTE),
        Map.of(PROCESS.name(), 690.4, QUOTE.name(), 2.5), 200, 0);

    assertThat(lines.get(0)).contains("calls/s");
    assertThat(lines.get(1)).contains(" 690 ");
    assertThat(lines.get(2)).contains(" 2.5 ");
  }

  @Test
  void maxRows_cutsTheTable_andSaysHowManyAreLeft() {
    List<String> lines = MethodTable.render(List.of(PROCESS, QUOTE), null, 200, 1);

    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).isEqualTo("... 1 more");
  }

  @Test
  void byColumn_tellsNamedMethodsFromOthers() {
    StatusMessage.Row filtered = new StatusMessage.Row("com.acme.shop.RoutePlanner::shortestPath",
        "filter", 10, 0, 1, 1, 1, 1, 10, 0.01);
    StatusMessage.Row found = new StatusMessage.Row("com.acme.shop.Hot::loop", "auto-detected",
        10, 0, 1, 1, 1, 1, 5, 0.005);

    List<String> lines = MethodTable.render(List.of(PROCESS, filtered, found), null, 200, 0);

    assertThat(lines.get(1)).endsWith(" @Timed");
    assertThat(lines.get(2)).endsWith(" timed=");
    assertThat(lines.get(3)).endsWith(" auto-det");
    assertThat(MethodTable.selectedBy("")).isEqualTo("-");
    assertThat(MethodTable.selectedBy("jfr")).isEqualTo("jfr");
  }

  @Test
  void oneAbbreviation_forTheWholeTable() {
    StatusMessage.Row longName = new StatusMessage.Row(
        "com.acme.shop.inventory.InventoryClient::fetchStock", "filter", 1, 0, 1, 1, 1, 1, 1, 0.1);
    List<String> lines = MethodTable.render(List.of(longName, QUOTE), Map.of(), 127, 0);

    assertThat(lines.get(1)).startsWith("c.a.s.inventory.InventoryClient::fetchStock ");
    // The short name fits as it is, but reads like the other rows.
    assertThat(lines.get(2)).startsWith("c.a.s.PricingEngine::quote ");
  }

  @Test
  void firstFrameOfTop_hasTheSameColumnsAsTheNext() {
    List<String> first = MethodTable.render(List.of(PROCESS, QUOTE), Map.of(), 100, 0);
    List<String> next = MethodTable.render(List.of(PROCESS, QUOTE),
        Map.of(PROCESS.name(), 690.4, QUOTE.name(), 2.5), 100, 0);

    assertThat(first.get(0)).isEqualTo(next.get(0)).contains("calls/s");
    assertThat(first.get(1)).contains(" - ");
    assertThat(first.get(1).indexOf("::process")).isEqualTo(next.get(1).indexOf("::process"));
  }

  @Test
  void craftedName_reachesTheTerminalWithoutItsControlCharacters() {
    StatusMessage.Row crafted = new StatusMessage.Row(
        "evil.Hot\u001b]2;pwned\u0007\r::spin", "auto", 1, 0, 1, 1, 1, 1, 1, 0.5);

    List<String> lines = MethodTable.render(List.of(crafted), null, 200, 0);

    assertThat(lines.get(1)).startsWith("evil.Hot\\u001b]2;pwned\\u0007\\u000d::spin ")
        .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
  }

  @Test
  void sampledMethods_showWhichCallsAreTimed() {
    StatusMessage.Row tiny = new StatusMessage.Row("com.acme.Text::trim", "annotation",
        600_000_000L, 0, 5, 9, 40, 2_000, 3_000_000_000L, 0.2, -1, 64);

    List<String> lines = MethodTable.render(List.of(PROCESS, tiny), null, 200, 0);

    assertThat(lines.get(0)).endsWith(" timed");
    assertThat(lines.get(1)).endsWith(" all");
    assertThat(lines.get(2)).contains("600M").endsWith(" 1/64");
  }
}
