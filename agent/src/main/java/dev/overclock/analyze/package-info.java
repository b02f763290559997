/**
 * The {@code analyze} and {@code compare} commands: offline analysis of {@code .jfr} recordings
 * into the live agent's report (one model, one set of writers), with JMC's automated analysis
 * rules and a configuration file that applies the recommendations; and per-method deltas between
 * two reports with budgets, as a CI gate.
 *
 * <p>Only the command line loads this package; {@link dev.overclock.analyze.JmcRules} is the one
 * class that refers to the shaded JMC libraries, so the agent's start-up never loads them.
 */
package dev.overclock.analyze;
