package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {

  @Test
  void columnsAndLines_fromTheEnvironment() {
    assertThat(Terminal.size(Map.of("COLUMNS", "132", "LINES", "40"), false))
        .isEqualTo(new Terminal.Size(132, 40));
  }

  @Test
  void noTerminal_is100ColumnsWide_withoutALineLimit() {
    assertThat(Terminal.size(Map.of("COLUMNS", "wide"), false))
        .isEqualTo(new Terminal.Size(Terminal.DEFAULT_WIDTH, 0));
  }
}
