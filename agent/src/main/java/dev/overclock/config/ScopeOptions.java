package dev.overclock.config;

import java.util.List;

/**
 * Which packages timing, memoization and offload may instrument at all.
 *
 * @param include package names; non-empty means only these packages are instrumented
 * @param exclude package names never instrumented
 */
public record ScopeOptions(List<String> include, List<String> exclude) {

  public ScopeOptions {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  static ScopeOptions from(OptionValues values) {
    return new ScopeOptions(values.get(Options.INCLUDE), values.get(Options.EXCLUDE));
  }
}
