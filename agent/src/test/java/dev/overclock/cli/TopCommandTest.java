package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.control.StatusMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopCommandTest {

  private static final StatusMessage STATUS = new StatusMessage(
      Map.of(StatusMessage.PID, "42", StatusMessage.MAIN_CLASS, "com.acme.Main",
          StatusMessage.JAVA_VERSION, "25.0.3", StatusMessage.VERSION, "1.0",
          StatusMessage.MODE, "attach", StatusMessage.UPTIME_NANOS, "75000000000",
          StatusMessage.DROPPED_CALLS, "2"),
      List.of(),
      List.of(new StatusMessage.Row("com.acme.A::b", "annotation", 10, 1, 1_000, 2_000, 3_000,
          4_000, 50_000, 1.0)));

  @Test
  void frame_hasTheTarget_itsTotals_andTheTable() {
    List<String> lines = TopCommand.frame(STATUS, Map.of("com.acme.A::b", 5.0),
        new Terminal.Size(120, 0), false);

    assertThat(lines.get(0)).isEqualTo("overclock top  pid 42  com.acme.Main  JDK 25.0.3"
        + "  Overclock 1.0 (attach), up 1m 15s");
    assertThat(lines.get(1)).isEqualTo("1 methods, 10 calls, 1 errors (calls/s over the last"
        + " refresh); agent: 2 dropped calls");
    assertThat(lines.get(3)).contains("calls/s");
    assertThat(lines.get(4)).startsWith("com.acme.A::b").contains(" 5.0 ");
  }

  /**
   * Issue 19: frames of top changed shape as methods came and went; names were abbreviated one
   * way, then another. One layout: every column from the first frame, the method column as wide
   * as the terminal leaves, a name abbreviated no less than before.
   */
  @Test
  void frames_keepOneLayout_asMethodsComeGo_andBecomeSampled() {
    StatusMessage.Row quote = new StatusMessage.Row("com.acme.shop.PricingEngine::quote",
        "annotation", 10, 0, 1_000, 2_000, 3_000, 4_000, 50_000, 0.6, 2_500, 1);
    StatusMessage.Row found = new StatusMessage.Row(
        "com.acme.shop.inventory.warehouse.InventoryClient::fetchStockLevels", "auto", 10, 0,
        1_000, 2_000, 3_000, 4_000, 40_000, 0.4, 2_500, 64);
    Terminal.Size terminal = new Terminal.Size(140, 0);
    MethodTable.Layout layout = new MethodTable.Layout();

    List<String> first = TopCommand.frame(status(quote), Map.of(), terminal, false, layout);
    List<String> second = TopCommand.frame(status(quote, found), Map.of(quote.name(), 5.0),
        terminal, false, layout);
    List<String> third = TopCommand.frame(status(quote), Map.of(quote.name(), 5.0), terminal,
        false, layout);

    assertThat(first.get(3)).contains("calls/s", " by", " timed").isEqualTo(second.get(3))
        .isEqualTo(third.get(3));
    assertThat(second.get(4)).startsWith("c.a.s.PricingEngine::quote ");
    assertThat(third.get(4)).startsWith("c.a.s.PricingEngine::quote ");
    assertThat(second.get(5)).endsWith(" 1/64");
    assertThat(List.of(first.get(4), second.get(4), third.get(4)))
        .allSatisfy(line -> assertThat(line).hasSize(first.get(3).length()));
  }

  private static StatusMessage status(StatusMessage.Row... rows) {
    return new StatusMessage(STATUS.facts(), List.of(), List.of(rows));
  }

  @Test
  void interactiveFrame_fitsTheTerminal() {
    List<String> lines = TopCommand.frame(STATUS, null, new Terminal.Size(30, 8), true);

    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
  }
}
