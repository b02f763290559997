/**
 * The bridge between inlined advice and the agent, appended to the bootstrap class path so that
 * every class loader can reach it. It may reference {@code java.*} types only; a unit test
 * enforces that.
 */
package dev.overclock.bootstrap;
