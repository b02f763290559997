package dev.overclock.config;

/**
 * The option a mistyped key most likely meant: the known key at the smallest edit distance
 * (Levenshtein: insertions, deletions, substitutions), if that distance is small enough to be a
 * typo rather than another word.
 */
final class NearestOption {

  private NearestOption() {}

  /** The nearest option key, or {@code null} when none is close (lower-case input). */
  static String to(String key) {
    // Up to a third of the key may be wrong (at least 1, at most 3 edits): 'repot.dir' and
    // 'sumary' are found, 'nosuchkey' suggests nothing.
    int allowed = Math.max(1, Math.min(3, key.length() / 3));
    return EditDistance.nearest(key, Options.ALL.stream().map(Option::key).toList(), allowed);
  }
}
