/**
 * The command line of the agent jar ({@link dev.overclock.cli.Cli}, one class per command): it
 * parses arguments, prints, and sets exit codes. It talks to running agents through {@code
 * control}, runs the offline analysis of {@code analyze} and writes its reports with {@code
 * report}'s writers and files; it uses {@code config} for the options table and {@code version}.
 *
 * <p>Only {@code agent.OverclockAgent#main} (the jar's {@code Main-Class}) calls into this
 * package; nothing here uses the {@code agent} package, so the command line never loads the
 * agent's start-up code.
 */
package dev.overclock.cli;
