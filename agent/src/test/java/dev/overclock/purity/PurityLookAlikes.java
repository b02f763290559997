package dev.overclock.purity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Look-alikes the first gate let through (issue 14's corpus): each reads like a pure method and
 * is not. Never run, only read as class files by {@link PurityGateLookAlikeTest}.
 */
@SuppressWarnings({"unused", "UnusedReturnValue"})
final class PurityLookAlikes {

  private PurityLookAlikes() {}

  /** Identity hashes: equal strings, different identities, different results. */
  static final class IdentityHash {
    static int bucket(String key) {
      return System.identityHashCode(key) & 15;
    }

    /** Equal content hashes are fine. */
    static int contentBucket(String key) {
      return key.hashCode() & 15;
    }
  }

  /** A throwable's stack trace and printing. */
  static final class StackTraces {
    static int parse(String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        e.printStackTrace();
        return -1;
      }
    }

    static String caller(int depth) {
      return new Throwable().getStackTrace()[depth].getMethodName();
    }

    /** Catching and reading the message is fine. */
    static int parseQuietly(String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        return e.getMessage().length();
      }
    }
  }

  /** Callbacks of the application's own classes, handed to the JDK, which calls them. */
  static final class Callbacks {
    static int comparisons;

    /** An anonymous comparator that counts its comparisons in a static field. */
    static String sortedCounting(String a, String b, String c) {
      List<String> list = new ArrayList<>(List.of(a, b, c));
      Collections.sort(list, new Comparator<String>() {
        @Override
        public int compare(String left, String right) {
          comparisons++;
          return left.compareTo(right);
        }
      });
      return list.toString();
    }

    /** A comparator class that only compares: fine. */
    static String sortedByLength(String a, String b, String c) {
      List<String> list = new ArrayList<>(List.of(a, b, c));
      list.sort(new ByLength());
      return list.toString();
    }

    /** A function object of a named class whose apply reads the clock. */
    static long computed(int key) {
      Map<Integer, Long> local = new HashMap<>();
      return local.computeIfAbsent(key, new Stamp());
    }
  }

  static final class ByLength implements Comparator<String> {
    @Override
    public int compare(String left, String right) {
      return Integer.compare(left.length(), right.length());
    }
  }

  static final class Stamp implements Function<Integer, Long> {
    @Override
    public Long apply(Integer key) {
      return key + System.nanoTime();
    }
  }

  /** A corrector over an unmodifiable vocabulary, as the cpu workload's: its result is pure. */
  static final class Corrector {
    private final List<String> vocabulary;
    private final List<String> copied;

    Corrector(List<String> words) {
      this.vocabulary = List.copyOf(words);
      this.copied = new ArrayList<>(words);
    }

    int closest(String word) {
      int best = Integer.MAX_VALUE;
      for (String candidate : vocabulary) {
        best = Math.min(best, Math.abs(candidate.length() - word.length()));
      }
      return best;
    }

    /** The same over a list anyone holding the corrector could change. */
    int closestInCopy(String word) {
      int best = Integer.MAX_VALUE;
      for (String candidate : copied) {
        best = Math.min(best, Math.abs(candidate.length() - word.length()));
      }
      return best;
    }
  }
}
