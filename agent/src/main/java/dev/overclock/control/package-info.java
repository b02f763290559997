/**
 * The control channel between the command line ({@code status}, {@code top}, {@code report},
 * {@code detach}) and an agent running in another JVM of the same user: a Unix-domain socket in
 * an owner-only directory, never a network port. The agent serves it ({@link
 * dev.overclock.control.ControlServer}); the command line talks to it ({@link
 * dev.overclock.control.ControlClient}); both speak {@link dev.overclock.control.ControlProtocol}.
 *
 * <p>Uses {@code config} and {@code report} (what a status message carries) and {@code log}; the
 * agent's side is wired by {@code agent}, the client's by {@code cli}.
 */
package dev.overclock.control;
