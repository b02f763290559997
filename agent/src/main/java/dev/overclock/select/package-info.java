/**
 * Which methods get advice: the JDK-style method filter grammar ({@link
 * dev.overclock.select.MethodFilter}) and the rules that combine filters, annotations and package
 * prefixes ({@link dev.overclock.select.MethodSelector}). Pure value code.
 *
 * <p>Also {@link dev.overclock.select.Libraries}, the well-known library packages that neither the
 * hot-method detector nor the offline analysis times unless asked to. And what the run-time
 * selections' owners (the JFR part) need of the instrumenter, without depending on it: {@link
 * dev.overclock.select.Retransformer}, which {@code instrument} implements, with the {@link
 * dev.overclock.select.MethodShape} of a loaded method and each {@link
 * dev.overclock.select.CodeChange} to running code. A leaf: uses nothing of the agent.
 */
package dev.overclock.select;
