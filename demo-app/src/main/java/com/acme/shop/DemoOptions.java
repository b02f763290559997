package com.acme.shop;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed command line of {@link ShopDemo}.
 *
 * @param orders how many orders to process
 * @param quick whether {@code --quick} chose the small fixed workload
 * @param timeCap the hard cap on the run's duration
 * @param help whether {@code --help} was asked for
 */
record DemoOptions(int orders, boolean quick, Duration timeCap, boolean help) {

  /** Orders of the {@code --quick} workload: under 3 s in all on a 2-core machine. */
  static final int QUICK_ORDERS = 600;

  /** Orders of a default run: about 12 s on a 2-core machine (10-15 s under load). */
  static final int DEFAULT_ORDERS = 12_000;

  static final Duration DEFAULT_TIME_CAP = Duration.ofSeconds(20);

  static final String ACCEPTED = "--orders N, --quick, --duration <500ms|10s|1m>, --help";

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");

  /** A command-line argument the demo does not accept; the message is one line for the user. */
  static final class BadArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    BadArgumentException(String message) {
      super(message);
    }
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: java -jar demo-app.jar [--orders N | --quick] [--duration <500ms|10s|1m>] [--help]",
        "",
        "Runs a deterministic order-processing shop for the Overclock agent to observe.",
        "",
        "  --orders N        process N orders (default " + DEFAULT_ORDERS + ", about 12 s on 2 cores)",
        "  --quick           process the small fixed workload of " + QUICK_ORDERS + " orders (for tests)",
        "  --duration D      hard cap on the run, e.g. 500ms, 10s, 1m (default 20s): when reached, no",
        "                    new orders are taken, orders in flight finish, and the run reports",
        "                    'stopped early after N orders'",
        "  --help            print this help and exit",
        "",
        "Prints one fact per line: call and error counts of the timed methods, checksums of the",
        "results (identical on every run, thread count and JVM) and the elapsed time.");
  }

  /** Parses {@code args}; both {@code --orders 10} and {@code --orders=10} are accepted. */
  static DemoOptions parse(String... args) throws BadArgumentException {
    Integer orders = null;
    boolean quick = false;
    Duration timeCap = DEFAULT_TIME_CAP;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      switch (name) {
        case "--help":
        case "-h":
          help = true;
          break;
        case "--quick":
          if (value != null) {
            throw new BadArgumentException("--quick takes no value (accepted: " + ACCEPTED + ")");
          }
          quick = true;
          break;
        case "--orders":
          if (value == null) {
            value = valueAfter(args, i++, name, "a positive whole number, e.g. --orders 5000");
          }
          orders = parseOrders(value);
          break;
        case "--duration":
          if (value == null) {
            value = valueAfter(args, i++, name, "a duration such as 500ms, 10s or 1m");
          }
          timeCap = parseDuration(value);
          break;
        default:
          throw new BadArgumentException("unknown argument '" + arg + "' (accepted: " + ACCEPTED + ")");
      }
    }
    if (quick && orders != null) {
      throw new BadArgumentException("--quick and --orders cannot be combined: --quick means --orders " + QUICK_ORDERS);
    }
    int count = quick ? QUICK_ORDERS : orders != null ? orders : DEFAULT_ORDERS;
    return new DemoOptions(count, quick, timeCap, help);
  }

  private static String valueAfter(String[] args, int index, String name, String expected)
      throws BadArgumentException {
    if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
      throw new BadArgumentException(name + " needs a value: " + expected);
    }
    return args[index + 1];
  }

  private static int parseOrders(String value) throws BadArgumentException {
    try {
      int orders = Integer.parseInt(value);
      if (orders > 0) {
        return orders;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadArgumentException(
        "bad value '" + value + "' for --orders: expected a whole number from 1 to " + Integer.MAX_VALUE);
  }

  private static Duration parseDuration(String value) throws BadArgumentException {
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration duration =
          m.group(2).equals("ms")
              ? Duration.ofMillis(amount)
              : m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
      if (!duration.isZero()) {
        return duration;
      }
    }
    throw new BadArgumentException(
        "bad value '" + value + "' for --duration: expected a positive whole number with ms, s or m, e.g. 500ms, 10s, 1m");
  }
}
