/**
 * Which methods get advice: the JDK-style method filter grammar ({@link
 * dev.overclock.select.MethodFilter}) and the rules that combine filters, annotations and package
 * prefixes ({@link dev.overclock.select.MethodSelector}). Pure value code with no dependencies.
 */
package dev.overclock.select;
