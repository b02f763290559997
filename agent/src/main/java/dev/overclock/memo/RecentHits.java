package dev.overclock.memo;

import dev.overclock.bootstrap.MemoHit;

/**
 * A small table of recent hits in front of a method's Caffeine cache: a hit found here costs a
 * hash, one or two array reads and an {@code equals}, where Caffeine's bounded {@code
 * getIfPresent} also records the read in its buffers (about half of its cost), and a hit of two
 * arguments builds no key object.
 *
 * <h2>Why it may answer for the cache</h2>
 *
 * It only holds what the cache answered: an entry is added after a {@code getIfPresent} of the
 * cache returned it (see {@link MemoRecorders}), with the very {@link MemoHit} the cache holds, and
 * removed when the cache evicts that hit ({@link #forget}, from the cache's eviction listener). So
 * a result served here is one the cache holds or held a moment ago (an entry added while the cache
 * evicted it, a race); never an exception (the cache holds none), and never for a method that
 * stopped caching: the method's mode is read before the table, and turning it off empties the
 * table. It is bounded ({@link #SLOTS} at most, never more than the method's {@code maxSize}),
 * so the method's memory stays bounded. Methods whose results expire have no table: expiry is
 * decided by the cache at each read, which the table would skip.
 *
 * <h2>Why it is safe without locks</h2>
 *
 * Entries are immutable (final fields), so a reader that sees an entry sees it whole; slots are
 * written with plain stores, and a reader that misses a newer entry, or sees one just replaced,
 * simply asks the cache. Two slots per hash (two-way), so that two hot keys that share a slot do
 * not push each other out on every call.
 *
 * <p>A record, so that the JIT trusts its final fields: in a method's inlined hit path, where the
 * table is reached from a constant ({@link BoundSite}), the array and its size are constants too.
 *
 * @param slots the entries, two per set ({@code null} where empty)
 * @param sets the number of sets minus one; a key's set is its spread hash and this
 */
record RecentHits(RecentHits.Entry[] slots, int sets) {

  /** Slots at most per method (two per set). */
  static final int SLOTS = 1024;

  /** A table for a method that keeps at most {@code maxSize} results. */
  static RecentHits of(long maxSize) {
    int size = 2;
    while (size < SLOTS && size < maxSize) {
      size <<= 1;
    }
    return new RecentHits(new Entry[size], size / 2 - 1);
  }

  /**
   * The {@code second} key part of a method of one parameter: so that its entries never answer a
   * call of two arguments (and the reverse), as the cache's keys of the two never equal.
   */
  static final Object ONE = new Object();

  /** The hash of a call's key parts, as {@link #get} and {@link #put} take them. */
  static int hash(Object token, Object first, Object second) {
    return withToken(token, second == ONE
        ? MemoKeys.hash(first) : 31 * MemoKeys.hash(first) + MemoKeys.hash(second));
  }

  /** The hash of the key parts whose arguments hash to {@code hash}. */
  static int withToken(Object token, int hash) {
    return token == null ? hash : hash ^ ((Token) token).hash;
  }

  /**
   * The hit of the call with these key parts ({@code token}: the receiver's token, {@code null}
   * for a static method; {@code second}: {@link #ONE} for a method of one parameter), or {@code
   * null}.
   */
  MemoHit get(Object token, Object first, Object second, int hash) {
    // The two slots of the set in a loop, so that matches has one call site: the JIT inlines a
    // call site it sees often, and a second one (the set's second slot, which only the few keys
    // that share a set reach) was "too big" to inline and stayed a real call in the hit path.
    Entry[] table = slots;
    for (int at = index(hash), end = at + 2; at < end; at++) {
      Entry entry = table[at];
      if (entry != null && entry.matches(token, first, second, hash)) {
        return entry.hit;
      }
    }
    return null;
  }

  /**
   * {@link #get} for a static method of one parameter, whose entries all have a {@code null}
   * token and {@link #ONE} as their second part (only that method's calls of one argument add
   * entries to its table), so that only the hash and the argument are compared.
   */
  MemoHit getStatic1(Object argument, int hash) {
    Entry[] table = slots;
    for (int at = index(hash), end = at + 2; at < end; at++) {
      Entry entry = table[at];
      if (entry != null && entry.matchesStatic1(argument, hash)) {
        return entry.hit;
      }
    }
    return null;
  }

  /**
   * Adds the hit the cache answered for these key parts: into a free slot of its set, else into
   * the first, moving the one there to the second (the set's older entry leaves).
   */
  void put(Object token, Object first, Object second, int hash, MemoHit hit) {
    Entry[] table = slots;
    int at = index(hash);
    Entry entry = new Entry(token, first, second, hash, hit);
    Entry there = table[at];
    if (there == null) {
      table[at] = entry;
    } else if (table[at + 1] == null) {
      table[at + 1] = entry;
    } else {
      table[at + 1] = there;
      table[at] = entry;
    }
  }

  /** Removes the entry of {@code hit}, which the cache evicted under {@code key}, if held. */
  void forget(Object key, MemoHit hit) {
    Object token = null;
    Object arguments = key;
    if (key instanceof MemoKeys.Receiver) {
      token = ((MemoKeys.Receiver) key).token;
      arguments = ((MemoKeys.Receiver) key).arguments;
    }
    int hash = arguments instanceof MemoKeys.Two
        ? hash(token, ((MemoKeys.Two) arguments).first, ((MemoKeys.Two) arguments).second)
        : hash(token, arguments, ONE);
    Entry[] table = slots;
    int at = index(hash);
    for (int i = at; i <= at + 1; i++) {
      Entry entry = table[i];
      if (entry != null && entry.hit == hit) {
        table[i] = null;
      }
    }
  }

  /** Empties the table. */
  void clear() {
    Entry[] table = slots;
    for (int i = 0; i < table.length; i++) {
      table[i] = null;
    }
  }

  /**
   * The first slot of the hash's set: the hash multiplied by the golden ratio and its high half
   * folded in, since the hashes of small numbers and of {@code 31 * a + b} crowd a few sets.
   */
  int index(int hash) {
    int spread = hash * 0x9E3779B9;
    return ((spread ^ (spread >>> 16)) & sets) << 1;
  }

  /** One hit and the key parts it answers. Never changes once built. */
  static final class Entry {
    final Object token;
    final Object first;
    final Object second;
    final int hash;
    final MemoHit hit;

    Entry(Object token, Object first, Object second, int hash, MemoHit hit) {
      this.token = token;
      this.first = first;
      this.second = second;
      this.hash = hash;
      this.hit = hit;
    }

    /**
     * Whether this entry answers the call; the call's arguments are the receivers of {@code
     * equals}, as in the cache's own lookup (an array argument never equals the stored value,
     * which is never an array). The same object is tested first: where calls pass the very
     * objects stored (small boxed numbers, constants, interned strings) the JIT then compiles no
     * {@code equals} into the hit path at all, which keeps that shared code small enough to be
     * inlined into each memoized method.
     */
    boolean matches(Object token, Object first, Object second, int hash) {
      return this.hash == hash
          && this.token == token
          && (first == this.first || MemoKeys.same(first, this.first))
          && (second == this.second || MemoKeys.same(second, this.second));
    }

    /** {@link #matches} for an entry of a static method of one parameter (see getStatic1). */
    boolean matchesStatic1(Object first, int hash) {
      return this.hash == hash && (first == this.first || MemoKeys.same(first, this.first));
    }
  }

  /**
   * A receiver's token (see {@link MemoMethod#token}): an identity with a hash of its own, read
   * as a field on every hit of an instance method.
   */
  static final class Token {
    private static final java.util.concurrent.atomic.AtomicInteger NEXT =
        new java.util.concurrent.atomic.AtomicInteger();

    final int hash = NEXT.getAndAdd(0x61c88647);
  }
}
