/**
 * What the agent's own work costs the application, and the decisions that keep it in bounds:
 * {@link dev.overclock.governor.CodeChangeWatch} watches every change the agent makes to running
 * code and says when to take one back or to stop changing code for a while; {@link
 * dev.overclock.governor.OverheadGovernor} prices the agent's own work against a budget and
 * says what to shed.
 *
 * <p>Pure decisions: time and observations come in as arguments (an injected clock), so tests
 * drive every decision without waiting. Uses {@code jvm} (sample windows) and nothing else of
 * the agent; the callers ({@code jfr}) act on its decisions.
 */
package dev.overclock.governor;
