package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The type of an option's value: how its text is read, and the range it must lie in. A value that
 * cannot be read, or lies outside the range, is bad: {@link #parse} throws a {@link BadValue}
 * whose detail, when there is one, says which part was wrong (it goes in parentheses after what
 * the option accepts).
 *
 * @param <T> the parsed value; {@code null} where the documentation says "unset"
 */
final class ValueType<T> {

  private static final Pattern PACKAGE =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  /**
   * A host name (RFC 1123 labels; an IPv4 address is one too), or an IPv6 address, bracketed or
   * not, with an optional zone.
   */
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?"
          + "|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?]?");

  static final ValueType<Boolean> BOOLEAN = scalar(text -> {
    String value = text.toLowerCase(Locale.ROOT);
    require(value.equals("true") || value.equals("false"));
    return value.equals("true");
  });

  /**
   * {@code timing}, {@code optimize} or {@code off}, as whether automatic timing is on ({@code
   * optimize} times hot methods too, and lets the agent apply what the evidence supports, see
   * {@link OffloadOptions#executorsOnEvidence}).
   */
  static final ValueType<Boolean> TIMING_OR_OFF = scalar(text -> {
    String value = text.toLowerCase(Locale.ROOT);
    require(value.equals("timing") || value.equals("optimize") || value.equals("off"));
    return !value.equals("off");
  });

  /** {@code virtual} or {@code off}, as whether thread pools are substituted. */
  static final ValueType<Boolean> VIRTUAL_OR_OFF = scalar(text -> {
    String value = text.toLowerCase(Locale.ROOT);
    require(value.equals("virtual") || value.equals("off"));
    return value.equals("virtual");
  });

  static final ValueType<String> FILE = scalar(text -> text);

  /** A directory; empty is bad (it would mean "no report" by accident). */
  static final ValueType<Path> DIRECTORY = scalar(text -> {
    require(!text.isEmpty());
    return Path.of(text);
  });

  static final ValueType<String> HOST_NAME = scalar(text -> {
    require(HOST.matcher(text).matches());
    return text;
  });

  static final ValueType<List<MethodFilter>> FILTERS = list(text -> {
    try {
      return MethodFilter.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
  });

  /** Package names joined with ';'; a trailing {@code .*} or {@code .} is dropped. */
  static final ValueType<List<String>> PACKAGES = list(text -> {
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
      if (!PACKAGE.matcher(name).matches()) {
        throw new BadValue("'" + name + "' is not a package name");
      }
      packages.add(name);
    }
    return List.copyOf(packages);
  });

  /** Class names and package patterns ({@code com.acme.*}, kept as written) joined with ';'. */
  static final ValueType<List<String>> TYPE_NAMES = list(text -> {
    List<String> names = new ArrayList<>();
    for (String part : text.split(";")) {
      String name = part.strip();
      if (name.isEmpty()) {
        continue;
      }
      String bare = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
      if (!PACKAGE.matcher(bare.replace('$', '_')).matches()) {
        throw new BadValue("'" + name + "' is not a class or package name");
      }
      names.add(name);
    }
    return List.copyOf(names);
  });

  /**
   * Where a secret is read from ({@link SecretReference}); empty: unset ({@code null}). A bad value
   * is never shown: it may be the secret itself, written where its reference was expected.
   */
  static final ValueType<SecretReference> SECRET_REFERENCE = new ValueType<>(text -> {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return SecretReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadValue(null);
    }
  }, false, true);

  /** IP addresses and CIDR ranges joined with ';'; empty: none. */
  static final ValueType<List<AddressRange>> ADDRESS_RANGES = list(text -> {
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
  });

  private final Function<String, T> parser;
  private final boolean list;
  private final boolean secret;

  private ValueType(Function<String, T> parser, boolean list, boolean secret) {
    this.parser = parser;
    this.list = list;
    this.secret = secret;
  }

  private static <T> ValueType<T> scalar(Function<String, T> parser) {
    return new ValueType<>(parser, false, false);
  }

  private static <T> ValueType<T> list(Function<String, T> parser) {
    return new ValueType<>(parser, true, false);
  }

  /** A whole number within {@code min..max}. */
  static ValueType<Integer> integer(int min, int max) {
    return scalar(text -> {
      int value = Integer.parseInt(text);
      require(value >= min && value <= max);
      return value;
    });
  }

  /** A port from 0 to 65535; empty: unset ({@code null}). */
  static ValueType<Integer> optionalPort() {
    ValueType<Integer> port = integer(0, 65_535);
    return scalar(text -> text.isEmpty() ? null : port.parse(text));
  }

  /** A duration within {@code min..max}, or {@code 0} (off). */
  static ValueType<Duration> duration(Duration min, Duration max) {
    return scalar(text -> {
      Duration value = Durations.parse(text);
      require(value != null
          && (value.isZero() || (value.compareTo(min) >= 0 && value.compareTo(max) <= 0)));
      return value;
    });
  }

  /** A duration within {@code min..max}; {@code 0} is bad. */
  static ValueType<Duration> positiveDuration(Duration min, Duration max) {
    ValueType<Duration> duration = duration(min, max);
    return scalar(text -> {
      Duration value = duration.parse(text);
      require(!value.isZero());
      return value;
    });
  }

  /** A duration from 0 to {@code max}; empty: unset ({@code null}). */
  static ValueType<Duration> optionalDuration(Duration max) {
    return scalar(text -> {
      if (text.isEmpty()) {
        return null;
      }
      Duration value = Durations.parse(text);
      require(value != null && value.compareTo(max) <= 0);
      return value;
    });
  }

  /**
   * The overhead budget: a percentage ({@code 1%}) or a fraction ({@code 0.01}) from 0 to 100%, or
   * {@code off} (read as 0: measured, nothing shed).
   */
  static final ValueType<Double> BUDGET = scalar(text -> {
    if (text.strip().equalsIgnoreCase("off")) {
      return 0.0;
    }
    return share(0.0, 1.0).parse(text);
  });

  /** A percentage ({@code 2%}) or a fraction ({@code 0.02}) within min..max, as a fraction. */
  static ValueType<Double> share(double min, double max) {
    return scalar(text -> {
      String value = text.strip();
      double share = value.endsWith("%")
          ? Double.parseDouble(value.substring(0, value.length() - 1).strip()) / 100
          : Double.parseDouble(value);
      require(share >= min && share <= max);
      return share;
    });
  }

  /**
   * Reads a value.
   *
   * @throws BadValue when the value is bad
   */
  T parse(String text) {
    try {
      return parser.apply(text);
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
