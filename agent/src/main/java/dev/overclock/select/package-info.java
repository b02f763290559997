/**
 * Which methods get advice: the JDK-style method filter grammar ({@link
 * dev.overclock.select.MethodFilter}) and the rules that combine filters, annotations and package
 * prefixes ({@link dev.overclock.select.MethodSelector}). Pure value code.
 *
 * <p>Also {@link dev.overclock.select.Libraries}, the well-known library packages that neither the
 * hot-method detector nor the offline analysis times unless asked to. A leaf: uses nothing of the
 * agent.
 */
package dev.overclock.select;
