package dev.overclock.select;

import java.time.Instant;
import java.util.List;

/**
 * One change the agent made to the code of a running class: what changed, why, and which
 * methods. The transformer reports each one to a {@link Listener} (the JFR events of the {@code
 * jfr} package), so that every change to running code can be traced.
 *
 * @param at when the change was made
 * @param className binary name of the class
 * @param action {@code instrumented} (advice added as the class loaded), {@code retransformed}
 *     (advice added or changed in a loaded class), {@code reset} (the original code restored) or
 *     {@code switched} (a thread pool created in the class moved to virtual or platform threads) or {@code undone}
 *     ({@code auto=optimize} took a memoization back: see {@code reason})
 * @param advice the kinds of advice now in the class, joined with {@code ", "}: {@code timing},
 *     {@code arguments}, {@code executors} (pool call sites); empty after a reset
 * @param methods the methods that carry advice now, as {@code name(descriptor)}
 * @param reason why: the reasons the methods were selected ({@code annotation}, {@code filter},
 *     or the line a run-time addition was made with), or why the class was reset
 */
public record CodeChange(
    Instant at,
    String className,
    String action,
    String advice,
    List<String> methods,
    String reason) {

  public CodeChange {
    methods = List.copyOf(methods);
  }

  /** Receives every change; must be quick and must not throw (failures are swallowed). */
  @FunctionalInterface
  public interface Listener {
    void changed(CodeChange change);
  }
}
