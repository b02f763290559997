package org.example.workloads.search;

import java.util.List;
import java.util.Locale;

/**
 * Corrects a query word to the closest word of the catalogue's vocabulary by edit distance
 * (Levenshtein), the more frequent word winning a tie. A pure function of its argument, costly
 * (a scan of the vocabulary), and called again and again with the same words: what users type
 * repeats.
 */
final class SpellingCorrector {

  /** Most frequent first. */
  private final List<String> vocabulary;

  SpellingCorrector(List<String> vocabularyByFrequency) {
    this.vocabulary = List.copyOf(vocabularyByFrequency);
  }

  String correct(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    String best = lower;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : vocabulary) {
      if (Math.abs(candidate.length() - lower.length()) > 2) {
        continue;
      }
      int distance = distance(lower, candidate, bestDistance);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        if (distance == 0) {
          break;
        }
      }
    }
    return bestDistance <= 2 ? best : lower;
  }

  /** The edit distance of {@code a} and {@code b}, or a value of at least {@code bound}. */
  private static int distance(String a, String b, int bound) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMinimum = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        rowMinimum = Math.min(rowMinimum, current[j]);
      }
      if (rowMinimum >= bound) {
        return bound;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
