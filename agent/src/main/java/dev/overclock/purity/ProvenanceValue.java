package dev.overclock.purity;

import org.objectweb.asm.tree.analysis.Value;

/** A value in a frame of the analysis: its size in slots and, for references, its provenance. */
record ProvenanceValue(int size, Provenance provenance) implements Value {

  static final ProvenanceValue ONE = new ProvenanceValue(1, Provenance.OTHER);
  static final ProvenanceValue TWO = new ProvenanceValue(2, Provenance.OTHER);
  static final ProvenanceValue FRESH = new ProvenanceValue(1, Provenance.FRESH);
  static final ProvenanceValue NULL = new ProvenanceValue(1, Provenance.NULL);
  static final ProvenanceValue UNMODIFIABLE = new ProvenanceValue(1, Provenance.UNMODIFIABLE);

  static ProvenanceValue of(Provenance provenance) {
    return switch (provenance) {
      case NULL -> NULL;
      case FRESH -> FRESH;
      case UNMODIFIABLE -> UNMODIFIABLE;
      case OTHER -> ONE;
    };
  }

  @Override
  public int getSize() {
    return size;
  }
}
