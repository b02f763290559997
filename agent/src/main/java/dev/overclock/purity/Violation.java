package dev.overclock.purity;

import java.util.ArrayList;
import java.util.List;

/** The first thing found that makes a method impure, and where; {@code via} grows outward. */
record Violation(String location, String what, List<String> via) {

  Violation(String location, String what) {
    this(location, what, List.of());
  }

  /** This violation as seen from a caller that reached it through {@code call}. */
  Violation through(String call) {
    List<String> longer = new ArrayList<>(via.size() + 1);
    longer.add(call);
    longer.addAll(via);
    return new Violation(location, what, List.copyOf(longer));
  }
}
