package dev.overclock.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed value of every option: the value given, or the option's default. Every given value is
 * read once, in the order of {@link Options#ALL}; each bad one (or one given twice with two
 * values) becomes one problem line, and {@link #get} then answers the default, so that a feature
 * record only has to ask {@link #bad} which of its options failed to know it must be off.
 */
final class OptionValues {

  private final Map<String, Object> values = new HashMap<>();
  private final Set<Option<?>> bad = new HashSet<>();
  private final Map<String, Setting> given;

  OptionValues(Map<String, Setting> settings, Map<String, Setting> conflicts,
      List<String> problems) {
    this.given = Map.copyOf(settings);
    for (Option<?> option : Options.ALL) {
      Setting setting = settings.get(option.key());
      if (setting == null) {
        values.put(option.key(), option.defaultTyped());
        continue;
      }
      Setting second = conflicts.get(option.key());
      if (second != null) {
        problems.add(twice(shown(option, setting), shown(option, second), option.whenBad()));
        bad.add(option);
        values.put(option.key(), option.defaultTyped());
        continue;
      }
      try {
        values.put(option.key(), option.type().parse(setting.value()));
      } catch (ValueType.BadValue e) {
        String detail = e.detail == null ? "" : " (" + e.detail + ")";
        problems.add(
            problem(shown(option, setting), option.accepted() + detail, option.whenBad()));
        bad.add(option);
        values.put(option.key(), option.defaultTyped());
      }
    }
  }

  /** The value given, or the default when the option is unset or its value is bad. */
  @SuppressWarnings("unchecked")
  <T> T get(Option<T> option) {
    return (T) values.get(option.key());
  }

  /** Whether the option was set, by any source (a bad value too). */
  boolean given(Option<?> option) {
    return given.containsKey(option.key());
  }

  /** Whether the option was set, without a problem, to this text (case aside). */
  boolean givenAs(Option<?> option, String text) {
    Setting setting = given.get(option.key());
    return setting != null && !bad(option) && setting.value().equalsIgnoreCase(text);
  }

  /** Whether the option's value was bad (and its problem is reported). */
  boolean bad(Option<?> option) {
    return bad.contains(option);
  }

  /** Whether any of these options' values was bad. */
  boolean anyBad(Option<?>... options) {
    for (Option<?> option : options) {
      if (bad(option)) {
        return true;
      }
    }
    return false;
  }

  /** A switch: its value, and off when its value was bad. */
  boolean on(Option<Boolean> option) {
    return !bad(option) && get(option);
  }

  /** The setting as it may be printed (see {@link ValueType#shown}). */
  static Setting shown(Option<?> option, Setting setting) {
    String shown = option.type().shown(setting.value());
    return shown.equals(setting.value())
        ? setting
        : new Setting(setting.key(), shown, setting.source(), setting.where());
  }

  /** The settings as they may be printed: in the report, in {@code status}. */
  static List<Setting> shown(Collection<Setting> settings) {
    List<Setting> shown = new ArrayList<>();
    for (Setting setting : settings) {
      Optional<Option<?>> option = Options.byKey(setting.key());
      shown.add(option.isPresent() ? shown(option.get(), setting) : setting);
    }
    return List.copyOf(shown);
  }

  /** "option key='value' (origin): expected accepted; consequence". */
  static String problem(Setting setting, String accepted, String consequence) {
    return "option " + setting.key() + "='" + setting.value() + "' (" + setting.origin()
        + "): expected " + accepted + "; " + consequence;
  }

  /** A single-valued option given twice in one source, with two different values. */
  static String twice(Setting first, Setting second, String consequence) {
    return "option " + first.key() + " is given twice, '" + first.value() + "' (" + first.origin()
        + ") and '" + second.value() + "' (" + second.origin() + "): expected one value; "
        + consequence;
  }
}
