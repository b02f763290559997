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

  @Test
  void interactiveFrame_fitsTheTerminal() {
    List<String> lines = TopCommand.frame(STATUS, null, new Terminal.Size(30, 8), true);

    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(30));
  }
}
