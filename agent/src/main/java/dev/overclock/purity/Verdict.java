package dev.overclock.purity;

import java.util.List;

/**
 * The gate's answer for one method: pure, or refused with the first violation found.
 *
 * @param pure whether the method may be memoized
 * @param location where the violation is, {@code com.acme.Pricing::quote} (with the line when the
 *     class file has line numbers); {@code null} when pure
 * @param violation what was found there ({@code writes static field com.acme.Pricing.calls});
 *     {@code null} when pure
 * @param via the calls that lead from the method asked about to {@code location}, outermost
 *     first, each {@code Class::method}; empty when the violation is in the method itself
 * @param methodsRead how many method bodies the gate read to decide
 */
public record Verdict(
    boolean pure, String location, String violation, List<String> via, int methodsRead) {

  public Verdict {
    via = List.copyOf(via);
  }

  static Verdict pure(int methodsRead) {
    return new Verdict(true, null, null, List.of(), methodsRead);
  }

  static Verdict refused(Violation violation, int methodsRead) {
    return new Verdict(false, violation.location(), violation.what(), violation.via(), methodsRead);
  }

  /** One line for a report: {@code pure}, or where, what and through which calls. */
  public String reason() {
    if (pure) {
      return "pure";
    }
    String line = location + ": " + violation;
    return via.isEmpty() ? line : line + " (called via " + String.join(" -> ", via) + ")";
  }

  @Override
  public String toString() {
    return reason();
  }
}
