package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the per-method memoization options ({@code memoize.<Class>::<method>.<attribute>}), one
 * {@link MemoizeOverride} per method filter. A bad value, an unknown attribute or a value given
 * twice keeps that method from being memoized; a key that names no method turns memoization off
 * (it may be a typo of anything).
 */
final class MemoizeOverrides {

  private MemoizeOverrides() {}

  /**
   * @param conflicts the second value of keys given twice in one source
   * @return the overrides, or null when memoization must be off
   */
  static List<MemoizeOverride> read(List<Setting> settings, Map<String, Setting> conflicts,
      List<String> problems) {
    Map<String, MemoizeOverride> byMethod = new LinkedHashMap<>();
    boolean usable = true;
    for (Setting setting : settings) {
      String name = setting.key().substring(SettingsReader.MEMOIZE_METHOD_PREFIX.length());
      int dot = name.lastIndexOf('.');
      MethodFilter filter = null;
      if (dot > name.indexOf("::")) {
        try {
          filter = MethodFilter.parse(name.substring(0, dot));
        } catch (IllegalArgumentException e) {
          filter = null;
        }
      }
      if (filter == null || (filter.kind() != MethodFilter.Kind.METHOD
          && filter.kind() != MethodFilter.Kind.METHOD_NAME)) {
        problems.add(OptionValues.problem(setting, "a key memoize.<Class>::<method>.<attribute> or"
            + " memoize.::<method>.<attribute>, with one of " + MemoizeOverride.ATTRIBUTES,
            "memoization is off"));
        usable = false;
        continue;
      }
      String attribute = name.substring(dot + 1);
      MemoizeOverride override = byMethod.getOrDefault(filter.toString(),
          new MemoizeOverride(filter, null, null, null, null, null, null));
      Setting second = conflicts.get(setting.key());
      Object value = second == null ? value(attribute, setting.value()) : null;
      if (value == null) {
        String why;
        if (second != null) {
          why = "given twice, '" + setting.value() + "' (" + setting.origin() + ") and '"
              + second.value() + "' (" + second.origin() + "): expected one value";
          problems.add("option " + setting.key() + " is " + why + "; " + filter
              + " is not memoized");
        } else {
          String accepted = accepted(attribute);
          why = accepted == null
              ? "unknown attribute '" + attribute + "' (expected one of "
                  + MemoizeOverride.ATTRIBUTES + ")"
              : "expected " + accepted;
          problems.add("option " + setting.key() + "='" + setting.value() + "' ("
              + setting.origin() + "): " + why + "; " + filter + " is not memoized");
        }
        override = override.broken("option " + setting.key() + "='" + setting.value() + "': "
            + why);
      } else {
        override = override.with(attribute, value);
      }
      byMethod.put(filter.toString(), override);
    }
    return usable ? List.copyOf(byMethod.values()) : null;
  }

  /** The parsed value of a per-method memoization attribute, or null when it is bad. */
  private static Object value(String attribute, String value) {
    try {
      switch (attribute) {
        case "maxsize": {
          long size = Long.parseLong(value);
          return size >= 1 ? size : null;
        }
        case "expireafterwrite":
          return Durations.parse(value);
        case "verify": {
          int verify = Integer.parseInt(value);
          return verify >= 0 ? verify : null;
        }
        case "verifyrate": {
          double rate = Double.parseDouble(value);
          return rate >= 0 && rate <= 1 ? rate : null;
        }
        case "enabled":
          return value.equalsIgnoreCase("true") ? Boolean.TRUE
              : value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        default:
          return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What a per-method memoization attribute accepts, or null for an unknown attribute. */
  private static String accepted(String attribute) {
    switch (attribute) {
      case "maxsize":
        return "a whole number of at least 1";
      case "expireafterwrite":
        return "a duration such as 500ms, 30s or 5m, or 0 for never";
      case "verify":
        return "a whole number of 0 or more";
      case "verifyrate":
        return "a fraction from 0 to 1, such as 0.001";
      case "enabled":
        return "true or false";
      default:
        return null;
    }
  }
}
