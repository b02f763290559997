package dev.overclock.config;

/**
 * The overhead budget ({@code overhead.budget}). Only valid values: a bad budget reads as 0.
 *
 * @param budget the agent's share of the application's CPU time, such as 0.01; 0 when the
 *     overhead is only measured and shown, and nothing is shed
 */
public record OverheadOptions(double budget) {

  /** The default, as stated in {@link Options}. */
  public static final OverheadOptions DEFAULTS =
      new OverheadOptions(Options.OVERHEAD_BUDGET.defaultTyped());

  /** Whether the agent sheds work over budget (else it only measures). */
  public boolean shedding() {
    return budget > 0;
  }

  static OverheadOptions from(OptionValues values) {
    return new OverheadOptions(
        values.bad(Options.OVERHEAD_BUDGET) ? 0.0 : values.get(Options.OVERHEAD_BUDGET));
  }
}
