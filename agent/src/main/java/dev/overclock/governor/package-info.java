/**
 * What the agent's own work costs the application, and the decisions that keep it in bounds:
 * {@link dev.overclock.governor.CodeChangeWatch} watches every change the agent makes to running
 * code and says when to take one back or to stop changing code for a while; {@link
 * dev.overclock.governor.OverheadGovernor} prices the agent's own work against a budget and
 * says what to shed.
 *
 * <p>Pure decisions: time and observations come in as arguments (an injected clock), so tests
 * drive every decision without waiting. {@link dev.overclock.governor.OverheadControl} runs the
 * overhead governor in the agent: it measures (thread CPU, the timing recorders' calls, the
 * advice's price calibrated at start-up), sheds the timing recorders' sampling rate itself and
 * the JFR part's steps through a lever the agent hands it, and gives the report its figures. Uses
 * {@code jvm}, {@code metrics} and the report model; the JFR part depends on this package, never
 * the other way round.
 */
package dev.overclock.governor;
