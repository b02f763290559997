/**
 * Entry points and life cycle: {@code premain}/{@code agentmain}/{@code main} ({@link
 * dev.overclock.agent.OverclockAgent}), the bootstrap bridge, start-up checks, and the running
 * agent that finishes at exit. The top of the agent: it wires every other package together
 * ({@code instrument}, the recorders of {@code metrics}, {@code memo} and {@code offload}, {@code
 * jfr}, {@code report}, {@code prometheus}, {@code control}) and no package uses it. {@code
 * main} hands the command line to {@code cli}.
 */
package dev.overclock.agent;
