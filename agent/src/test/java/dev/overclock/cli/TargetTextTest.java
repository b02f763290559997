package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.control.StatusMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a target says of itself (its command line, class and method names, option values, JDK
 * version, problems) reaches the terminal with its control characters escaped: whoever started
 * that JVM chose it, and an escape sequence could retitle the terminal, clear it, or hide lines.
 */
class TargetTextTest {

  /** Sets the terminal's title, rings the bell, clears the screen. */
  private static final String ESCAPES = "\u001b]0;pwned\u0007\u001b[2J\r";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A status reply as the control channel delivers it, every text crafted. */
  private static StatusMessage crafted() {
    return StatusMessage.decode(List.of(
        "fact\t" + StatusMessage.PID + "\t7",
        "fact\t" + StatusMessage.MAIN_CLASS + "\tevil.Main" + ESCAPES,
        "fact\t" + StatusMessage.JAVA_VERSION + "\t17" + ESCAPES,
        "fact\t" + StatusMessage.FEATURE + "timing\ton" + ESCAPES,
        "fact\t" + StatusMessage.REPORT_DIR + "\t/tmp/r" + ESCAPES,
        "fact\t" + StatusMessage.OPTION + "include\tcom.acme" + ESCAPES + " (agent argument)",
        "fact\t" + StatusMessage.POOL + "1\tpool evil" + ESCAPES,
        "fact\t" + StatusMessage.OVERHEAD + "\toverhead" + ESCAPES,
        "problem\tbad option" + ESCAPES,
        "method\tevil.A::b" + ESCAPES + "\tfilter\t1\t0\t1\t1\t1\t1\t1\t0.5"));
  }

  @Test
  void status_printsEveryTextOfTheTargetEscaped() {
    StatusCommand.print(crafted(), stream(out), stream(err), 200);

    assertThat(printed()).contains("evil.Main\\u001b]0;pwned\\u0007", "evil.A::b\\u001b",
        "com.acme\\u001b", "pool evil\\u001b", "bad option\\u001b");
    assertNoControlCharacters(printed());
  }

  @Test
  void top_printsEveryTextOfTheTargetEscaped() {
    List<String> frame = TopCommand.frame(crafted(), Map.of(), new Terminal.Size(200, 0), false);

    assertThat(String.join("\n", frame)).contains("evil.Main\\u001b");
    frame.forEach(TargetTextTest::assertNoControlCharacters);
  }

  @Test
  void list_printsWhatEachJvmSaysOfItselfEscaped() {
    ListCommand.print(List.of(new ListCommand.Entry(7, "17" + ESCAPES, "0.1.0" + ESCAPES,
        "evil.Main" + ESCAPES)), stream(out));

    assertThat(printed()).contains("17\\u001b", "0.1.0\\u001b", "evil.Main\\u001b");
    assertNoControlCharacters(printed());
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  /** No character below a space but the line ends the output itself uses. */
  private static void assertNoControlCharacters(String text) {
    assertThat(text.replace("\n", "")).doesNotContain("\u001b").doesNotContain("\u0007")
        .doesNotContain("\r");
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
