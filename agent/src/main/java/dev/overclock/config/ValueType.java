package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The type of an option's value: how its text is read, and the range it must lie in. A value that
 * cannot be read, or lies outside the range, is bad: {@link #parse} throws a {@link BadValue}
 * whose detail, when there is one, says which part was wrong (it goes in parentheses after what
 * the option accepts).
 *
 * <p>Each type is a {@link Kind} and its bounds, read by one switch, not a lambda per type: the
 * options are built in {@code premain}, where each lambda's first link spins a class (about half a
 * millisecond apiece on JDK 25, twenty of them here).
 *
 * @param <T> the parsed value; {@code null} where the documentation says "unset"
 */
final class ValueType<T> {

  /**
   * The patterns, each in a holder of its own, compiled when a value first needs one rather than
   * with the options in {@code premain}: the two cost about 10 ms of interpreted set-up on JDK 25
   * (a profile, mostly the Java-identifier classes of this one, which no default option needs; the
   * host name pattern below, 2 ms, only for IPv6 addresses now: {@link #isHostName}).
   */
  private static final class PackageName {
    static final Pattern NAME =
        Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private PackageName() {}
  }

  /**
   * A host name (RFC 1123 labels; an IPv4 address is one too), or an IPv6 address, bracketed or
   * not, with an optional zone.
   */
  static final class HostName {
    static final Pattern NAME =
        Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
            + "|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?]?");

    private HostName() {}
  }

  /**
   * Whether the text is a host name (RFC 1123 labels, an IPv4 address among them) or an IPv6
   * address as {@link HostName#NAME} says. Names are read by hand: the default Prometheus host
   * is read in premain, where compiling the pattern cost 2 ms of the application's main thread;
   * only a text with a colon (IPv6) needs the pattern.
   */
  static boolean isHostName(String text) {
    if (text.indexOf(':') >= 0) {
      return HostName.NAME.matcher(text).matches();
    }
    String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      if (!isLabel(name, start, end)) {
        return false;
      }
      if (dot < 0) {
        return true;
      }
      start = dot + 1;
    }
  }

  /** 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit. */
  private static boolean isLabel(String name, int start, int end) {
    if (end - start < 1 || end - start > 63) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = name.charAt(i);
      boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9');
      if (!alphanumeric && (c != '-' || i == start || i == end - 1)) {
        return false;
      }
    }
    return true;
  }

  /** How a type reads its text (and which of the bounds it uses). */
  private enum Kind {
    BOOLEAN, TIMING_OR_OFF, VIRTUAL_OR_OFF, FILE, DIRECTORY, HOST_NAME, FILTERS, PACKAGES,
    TYPE_NAMES, SECRET_REFERENCE, ADDRESS_RANGES, INTEGER, OPTIONAL_PORT, DURATION,
    POSITIVE_DURATION, OPTIONAL_DURATION, BUDGET, SHARE
  }

  static final ValueType<Boolean> BOOLEAN = scalar(Kind.BOOLEAN);

  /**
   * {@code timing}, {@code optimize} or {@code off}, as whether automatic timing is on ({@code
   * optimize} times hot methods too, and lets the agent apply what the evidence supports, see
   * {@link OffloadOptions#executorsOnEvidence}).
   */
  static final ValueType<Boolean> TIMING_OR_OFF = scalar(Kind.TIMING_OR_OFF);

  /** {@code virtual} or {@code off}, as whether thread pools are substituted. */
  static final ValueType<Boolean> VIRTUAL_OR_OFF = scalar(Kind.VIRTUAL_OR_OFF);

  static final ValueType<String> FILE = scalar(Kind.FILE);

  /** A directory; empty is bad (it would mean "no report" by accident). */
  static final ValueType<Path> DIRECTORY = scalar(Kind.DIRECTORY);

  static final ValueType<String> HOST_NAME = scalar(Kind.HOST_NAME);

  static final ValueType<List<MethodFilter>> FILTERS = list(Kind.FILTERS);

  /** Package names joined with ';'; a trailing {@code .*} or {@code .} is dropped. */
  static final ValueType<List<String>> PACKAGES = list(Kind.PACKAGES);

  /** Class names and package patterns ({@code com.acme.*}, kept as written) joined with ';'. */
  static final ValueType<List<String>> TYPE_NAMES = list(Kind.TYPE_NAMES);

  /**
   * Where a secret is read from ({@link SecretReference}); empty: unset ({@code null}). A bad value
   * is never shown: it may be the secret itself, written where its reference was expected.
   */
  static final ValueType<SecretReference> SECRET_REFERENCE =
      new ValueType<>(Kind.SECRET_REFERENCE, false, true, 0, 0, null, null);

  /** IP addresses and CIDR ranges joined with ';'; empty: none. */
  static final ValueType<List<AddressRange>> ADDRESS_RANGES = list(Kind.ADDRESS_RANGES);

  /**
   * The overhead budget: a percentage ({@code 1%}) or a fraction ({@code 0.01}) from 0 to 100%, or
   * {@code off} (read as 0: measured, nothing shed).
   */
  static final ValueType<Double> BUDGET = scalar(Kind.BUDGET);

  private final Kind kind;
  private final boolean list;
  private final boolean secret;
  /** INTEGER's and SHARE's range. */
  private final double min;
  private final double max;
  /** The durations' range ({@code null} where a kind has no such bound). */
  private final Duration minDuration;
  private final Duration maxDuration;

  private ValueType(Kind kind, boolean list, boolean secret, double min, double max,
      Duration minDuration, Duration maxDuration) {
    this.kind = kind;
    this.list = list;
    this.secret = secret;
    this.min = min;
    this.max = max;
    this.minDuration = minDuration;
    this.maxDuration = maxDuration;
  }

  private static <T> ValueType<T> scalar(Kind kind) {
    return new ValueType<>(kind, false, false, 0, 0, null, null);
  }

  private static <T> ValueType<T> list(Kind kind) {
    return new ValueType<>(kind, true, false, 0, 0, null, null);
  }

  /** A whole number within {@code min..max}. */
  static ValueType<Integer> integer(int min, int max) {
    return new ValueType<>(Kind.INTEGER, false, false, min, max, null, null);
  }

  /** A port from 0 to 65535; empty: unset ({@code null}). */
  static ValueType<Integer> optionalPort() {
    return scalar(Kind.OPTIONAL_PORT);
  }

  /** A duration within {@code min..max}, or {@code 0} (off). */
  static ValueType<Duration> duration(Duration min, Duration max) {
    return new ValueType<>(Kind.DURATION, false, false, 0, 0, min, max);
  }

  /** A duration within {@code min..max}; {@code 0} is bad. */
  static ValueType<Duration> positiveDuration(Duration min, Duration max) {
    return new ValueType<>(Kind.POSITIVE_DURATION, false, false, 0, 0, min, max);
  }

  /** A duration from 0 to {@code max}; empty: unset ({@code null}). */
  static ValueType<Duration> optionalDuration(Duration max) {
    return new ValueType<>(Kind.OPTIONAL_DURATION, false, false, 0, 0, null, max);
  }

  /** A percentage ({@code 2%}) or a fraction ({@code 0.02}) within min..max, as a fraction. */
  static ValueType<Double> share(double min, double max) {
    return new ValueType<>(Kind.SHARE, false, false, min, max, null, null);
  }

  /** Reads {@code text} as this type's kind; throws {@link BadValue} or a runtime exception. */
  private Object read(String text) {
    switch (kind) {
      case BOOLEAN: {
        String value = text.toLowerCase(Locale.ROOT);
        require(value.equals("true") || value.equals("false"));
        return value.equals("true");
      }
      case TIMING_OR_OFF: {
        String value = text.toLowerCase(Locale.ROOT);
        require(value.equals("timing") || value.equals("optimize") || value.equals("off"));
        return !value.equals("off");
      }
      case VIRTUAL_OR_OFF: {
        String value = text.toLowerCase(Locale.ROOT);
        require(value.equals("virtual") || value.equals("off"));
        return value.equals("virtual");
      }
      case FILE:
        return text;
      case DIRECTORY:
        require(!text.isEmpty());
        return Path.of(text);
      case HOST_NAME:
        require(isHostName(text));
        return text;
      case FILTERS:
        try {
          return MethodFilter.parseList(text);
        } catch (IllegalArgumentException e) {
          throw new BadValue(e.getMessage());
        }
      case PACKAGES:
        return packages(text);
      case TYPE_NAMES:
        return typeNames(text);
      case SECRET_REFERENCE:
        if (text.isEmpty()) {
          return null;
        }
        try {
          return SecretReference.parse(text);
        } catch (IllegalArgumentException e) {
          throw new BadValue(null);
        }
      case ADDRESS_RANGES:
        return addressRanges(text);
      case INTEGER: {
        int value = Integer.parseInt(text);
        require(value >= min && value <= max);
        return value;
      }
      case OPTIONAL_PORT: {
        if (text.isEmpty()) {
          return null;
        }
        int value = Integer.parseInt(text);
        require(value >= 0 && value <= 65_535);
        return value;
      }
      case DURATION:
        return boundedDuration(text);
      case POSITIVE_DURATION: {
        Duration value = boundedDuration(text);
        require(!value.isZero());
        return value;
      }
      case OPTIONAL_DURATION: {
        if (text.isEmpty()) {
          return null;
        }
        Duration value = Durations.parse(text);
        require(value != null && value.compareTo(maxDuration) <= 0);
        return value;
      }
      case BUDGET:
        if (text.strip().equalsIgnoreCase("off")) {
          return 0.0;
        }
        return share(text, 0.0, 1.0);
      case SHARE:
        return share(text, min, max);
      default:
        throw new AssertionError(kind);
    }
  }

  /** A duration within the bounds, or {@code 0} (off). */
  private Duration boundedDuration(String text) {
    Duration value = Durations.parse(text);
    require(value != null
        && (value.isZero()
            || (value.compareTo(minDuration) >= 0 && value.compareTo(maxDuration) <= 0)));
    return value;
  }

  private static double share(String text, double min, double max) {
    String value = text.strip();
    double share = value.endsWith("%")
        ? Double.parseDouble(value.substring(0, value.length() - 1).strip()) / 100
        : Double.parseDouble(value);
    require(share >= min && share <= max);
    return share;
  }

  private static List<String> packages(String text) {
    List<String> packages = new ArrayList<>();
    for (String part : text.split(";")) {
      String name = part.strip();
      if (name.endsWith(".*")) {
        name = name.substring(0, name.length() - 2);
      } else if (name.endsWith(".")) {
        name = name.substring(0, name.length() - 1);
      }
      if (name.isEmpty()) {
        continue;
      }
      if (!PackageName.NAME.matcher(name).matches()) {
        throw new BadValue("'" + name + "' is not a package name");
      }
      packages.add(name);
    }
    return List.copyOf(packages);
  }

  private static List<String> typeNames(String text) {
    List<String> names = new ArrayList<>();
    for (String part : text.split(";")) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      String bare = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
      if (!PackageName.NAME.matcher(bare.replace('$', '_')).matches()) {
        throw new BadValue("'" + name + "' is not a class or package name");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static List<AddressRange> addressRanges(String text) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String part : text.split(";")) {
      String range = part.strip();
      if (range.isEmpty()) {
        continue;
      }
      try {
        ranges.add(AddressRange.parse(range));
      } catch (IllegalArgumentException e) {
        throw new BadValue(e.getMessage());
      }
    }
    return List.copyOf(ranges);
  }

  /**
   * Reads a value.
   *
   * @throws BadValue when the value is bad
   */
  @SuppressWarnings("unchecked") // each kind reads the T its constants and factories declare
  T parse(String text) {
    try {
      return (T) read(text);
    } catch (BadValue e) {
      throw e;
    } catch (RuntimeException e) { // a number or path that does not parse
      throw new BadValue(null);
    }
  }

  /**
   * Whether the value is a list joined with ';': such an option given twice in one source gets
   * both lists, while a single value given twice with two different values is refused.
   */
  boolean isList() {
    return list;
  }

  /**
   * The value as it may be printed: itself, but for a type naming where a secret is, whose bad
   * value is hidden (it may be the secret).
   */
  String shown(String text) {
    if (!secret) {
      return text;
    }
    try {
      parse(text);
      return text;
    } catch (BadValue e) {
      return "(hidden)";
    }
  }

  private static void require(boolean valid) {
    if (!valid) {
      throw new BadValue(null);
    }
  }

  /** A bad value; {@link #detail} names the bad part, or is {@code null}. */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String detail;

    BadValue(String detail) {
      super(detail, null, false, false);
      this.detail = detail;
    }
  }
}
