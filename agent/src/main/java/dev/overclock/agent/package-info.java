/**
 * Entry points and life cycle: {@code premain}/{@code agentmain} ({@link
 * dev.overclock.agent.OverclockAgent}), the bootstrap bridge, start-up checks, and the running
 * agent that finishes at exit.
 */
package dev.overclock.agent;
