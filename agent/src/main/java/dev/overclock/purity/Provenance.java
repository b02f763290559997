package dev.overclock.purity;

/**
 * Where a reference came from, as far as purity cares. The order is a lattice: {@link #NULL}
 * joins with anything into that thing, two different others join into {@link #OTHER}.
 */
enum Provenance {
  /** The {@code null} constant: writing through it throws, so it may stand for a fresh object. */
  NULL,
  /** Created within the call (or handed down by a caller that created it): the method owns it. */
  FRESH,
  /** From a JDK factory of unmodifiable collections ({@code List.of}, ...). */
  UNMODIFIABLE,
  /** Anything else: an argument, a field's value, another method's result. */
  OTHER;

  Provenance join(Provenance other) {
    if (this == other || other == NULL) {
      return this;
    }
    return this == NULL ? other : OTHER;
  }

  /** Whether the method may change the object: it created it (or it is null). */
  boolean owned() {
    return this == FRESH || this == NULL;
  }
}
