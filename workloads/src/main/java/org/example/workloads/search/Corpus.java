package org.example.workloads.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated product catalogue: a vocabulary of made-up words, product documents whose words
 * follow a skewed (Zipf-like) frequency, and the queries users type, some with typos. Everything
 * follows from the seed.
 */
final class Corpus {

  static final int CATEGORIES = 16;
  private static final String[] ONSETS = {"b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r",
      "s", "t", "v", "z", "br", "st", "tr", "pl", "gr"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};

  /** One product: its id, title, description, category and price. */
  record Product(int id, String title, String body, int category, int priceCents) {}

  private final List<String> vocabulary;
  private final Random random;

  Corpus(long seed, int vocabularySize) {
    this.random = new Random(seed);
    Set<String> words = new LinkedHashSet<>();
    while (words.size() < vocabularySize) {
      StringBuilder word = new StringBuilder();
      int syllables = 2 + random.nextInt(3);
      for (int s = 0; s < syllables; s++) {
        word.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
      }
      words.add(word.toString());
    }
    this.vocabulary = List.copyOf(words);
  }

  List<String> vocabulary() {
    return vocabulary;
  }

  /** The next {@code count} products. */
  List<Product> products(int count) {
    List<Product> products = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      products.add(new Product(id, words(3 + random.nextInt(4), 3.0), words(30 + random.nextInt(40), 2.0),
          random.nextInt(CATEGORIES), 100 + random.nextInt(100_000)));
    }
    return products;
  }

  /**
   * The distinct queries users type: one to three words, most of them misspelt (a letter
   * dropped, doubled or swapped), as on a phone.
   */
  List<String> queries(int count) {
    List<String> queries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int terms = 1 + random.nextInt(3);
      StringBuilder query = new StringBuilder();
      for (int t = 0; t < terms; t++) {
        String word = vocabulary.get(skewed(1.5));
        if (random.nextInt(100) < 70) {
          word = misspell(word);
        }
        query.append(t == 0 ? "" : " ").append(random.nextBoolean() ? word : word.toUpperCase());
      }
      queries.add(query.toString());
    }
    return queries;
  }

  private String words(int count, double skew) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(vocabulary.get(skewed(skew)));
    }
    return text.toString();
  }

  /** An index into the vocabulary; the higher the skew, the more often the first words. */
  private int skewed(double skew) {
    return (int) (vocabulary.size() * Math.pow(random.nextDouble(), skew));
  }

  private String misspell(String word) {
    int at = 1 + random.nextInt(word.length() - 2);
    return switch (random.nextInt(3)) {
      case 0 -> word.substring(0, at) + word.substring(at + 1);
      case 1 -> word.substring(0, at) + word.charAt(at) + word.substring(at);
      default -> word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
    };
  }
}
