package com.acme.shop;

/**
 * 64-bit hash mixing used by the price model and by the run's checksums.
 *
 * <p>{@link #mix(long, long)} is the demo's <em>small hot helper that is not annotated</em>: it
 * costs a few nanoseconds and is called tens of thousands of times per price quote, so it shows
 * up at the top of CPU samples although timing each call would cost more than the call itself.
 * It lets the agent's hot-method detection prove it can tell such a helper from a method worth
 * timing.
 */
final class Checksums {

  private Checksums() {}

  /**
   * Mixes {@code value} into {@code seed}: the MurmurHash3 64-bit finalizer applied to {@code seed
   * ^ value * golden ratio}. Pure and identical on every JVM.
   */
  static long mix(long seed, long value) {
    long h = seed ^ (value * 0x9E3779B97F4A7C15L);
    h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
    h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /** 64-bit FNV-1a hash of the UTF-16 code units of {@code text}: stable across JVMs. */
  static long ofText(String text) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001B3L;
    }
    return h;
  }

  /** The checksum's printed form: 16 lower-case hex digits. */
  static String hex(long value) {
    return String.format("%016x", value);
  }
}
