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
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Option<?> option : Options.ALL) {
      int distance = distance(key, option.key());
      if (distance < bestDistance) {
        best = option.key();
        bestDistance = distance;
      }
    }
    // Up to a third of the key may be wrong (at least 1, at most 3 edits): 'repot.dir' and
    // 'sumary' are found, 'nosuchkey' suggests nothing.
    int allowed = Math.max(1, Math.min(3, key.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
