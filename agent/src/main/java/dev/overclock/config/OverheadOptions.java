package dev.overclock.config;

/**
 * The overhead budget ({@code overhead.budget}) and whether the agent's background code stays
 * on the JIT's first tier ({@code overhead.firsttier}). Only valid values: a bad budget reads as 0,
 * a bad {@code overhead.firsttier} as its default.
 *
 * @param budget the agent's share of the application's CPU time, such as 0.01; 0 when the
 *     overhead is only measured and shown, and nothing is shed
 * @param firstTier whether the agent's background code and the JDK's JFR parser are compiled by C1
 *     only (see {@code dev.overclock.agent.AgentCodeJit})
 */
public record OverheadOptions(double budget, boolean firstTier) {

  /** The default, as stated in {@link Options}. */
  public static final OverheadOptions DEFAULTS =
      new OverheadOptions(Options.OVERHEAD_BUDGET.defaultTyped(),
          Options.OVERHEAD_FIRST_TIER.defaultTyped());

  /** A budget with the default {@code overhead.firsttier}. */
  public OverheadOptions(double budget) {
    this(budget, Options.OVERHEAD_FIRST_TIER.defaultTyped());
  }

  /** Whether the agent sheds work over budget (else it only measures). */
  public boolean shedding() {
    return budget > 0;
  }

  static OverheadOptions from(OptionValues values) {
    return new OverheadOptions(
        values.bad(Options.OVERHEAD_BUDGET) ? 0.0 : values.get(Options.OVERHEAD_BUDGET),
        values.bad(Options.OVERHEAD_FIRST_TIER) ? Options.OVERHEAD_FIRST_TIER.defaultTyped()
            : values.get(Options.OVERHEAD_FIRST_TIER));
  }
}
