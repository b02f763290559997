package dev.overclock.config;

import dev.overclock.select.MethodFilter;
import java.util.List;

/**
 * The options of memoization. Only valid values; a bad option already turned memoization off.
 *
 * @param on whether memoization advice is installed (false when one of its options, {@code
 *     include} or {@code exclude} was bad)
 * @param filters the {@code memoize=} filters
 * @param unsafe return types never memoized: binary class names, and packages as {@code
 *     com.acme.*}
 * @param overrides per-method memoization options
 * @param showValues whether a failed memoization check shows argument and result values
 *     (opt-in: they may be secrets); otherwise types, lengths and salted hashes
 * @param onEvidence {@code auto=optimize}: hot methods nobody annotated are memoized on evidence
 *     (repeating arguments, the purity gate, verified results, a measured gain)
 */
public record MemoOptions(
    boolean on,
    List<MethodFilter> filters,
    List<String> unsafe,
    List<MemoizeOverride> overrides,
    boolean showValues,
    boolean onEvidence) {

  public MemoOptions {
    filters = List.copyOf(filters);
    unsafe = List.copyOf(unsafe);
    overrides = List.copyOf(overrides);
  }

  /** @param overrides the per-method options, or null when one of their keys was bad */
  static MemoOptions from(OptionValues values, List<MemoizeOverride> overrides) {
    return new MemoOptions(
        overrides != null
            && !values.anyBad(Options.MEMOIZE, Options.MEMOIZE_UNSAFE, Options.INCLUDE,
                Options.EXCLUDE),
        values.get(Options.MEMOIZE),
        values.get(Options.MEMOIZE_UNSAFE),
        overrides == null ? List.of() : overrides,
        values.get(Options.MEMOIZE_SHOW_VALUES),
        values.givenAs(Options.AUTO, "optimize"));
  }
}
