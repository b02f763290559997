package dev.overclock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The size of the terminal the command line prints to: {@code COLUMNS}/{@code LINES} when set,
 * else what {@code stty size} says about the controlling terminal, else 100 columns and no limit
 * on lines (output to a file or a pipe).
 */
final class Terminal {

  static final int DEFAULT_WIDTH = 100;

  private Terminal() {}

  /** Columns and rows; rows is 0 when unknown. */
  record Size(int columns, int rows) {}

  static Size size(Map<String, String> environment, boolean interactive) {
    int columns = positive(environment.get("COLUMNS"));
    int rows = positive(environment.get("LINES"));
    if ((columns == 0 || rows == 0) && interactive) {
      int[] stty = stty();
      columns = columns == 0 ? stty[1] : columns;
      rows = rows == 0 ? stty[0] : rows;
    }
    return new Size(columns == 0 ? DEFAULT_WIDTH : columns, rows);
  }

  private static int positive(String text) {
    if (text == null) {
      return 0;
    }
    try {
      int value = Integer.parseInt(text.strip());
      return value > 0 ? value : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code rows, columns} from {@code stty size < /dev/tty}, or zeros. */
  private static int[] stty() {
    try {
      Process process = new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
          .redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new int[2];
      }
      String[] parts = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .strip().split("\\s+");
      if (process.exitValue() == 0 && parts.length == 2) {
        return new int[] {positive(parts[0]), positive(parts[1])};
      }
    } catch (IOException e) {
      // no sh, no tty
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new int[2];
  }
}
