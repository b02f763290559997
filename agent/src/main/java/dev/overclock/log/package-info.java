/** The agent's one output channel: single lines on standard error, prefixed {@code [overclock]}. */
package dev.overclock.log;
