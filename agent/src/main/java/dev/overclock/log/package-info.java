/** The agent's one output channel: single lines on standard error, prefixed {@code [overclock]}. *
 * <p>A leaf: uses nothing of the agent.
 */
package dev.overclock.log;
