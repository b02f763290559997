package dev.overclock.config;

import java.util.Collection;

/**
 * Levenshtein distance (insertions, deletions, substitutions), for suggesting the name a user
 * most likely meant: a mistyped option key, a misspelt method in a filter.
 */
public final class EditDistance {

  private EditDistance() {}

  /** The edits that turn {@code a} into {@code b}; two rows of the table, no more. */
  public static int between(String a, String b) {
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

  /**
   * The candidate nearest to {@code name}, if it is at most {@code maxEdits} away; else {@code
   * null}. Of equally near candidates, the first in iteration order.
   */
  public static String nearest(String name, Collection<String> candidates, int maxEdits) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = between(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= maxEdits ? best : null;
  }
}
