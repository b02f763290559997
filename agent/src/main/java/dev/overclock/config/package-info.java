/**
 * Options: the documented list with each option's type, range and default ({@link
 * dev.overclock.config.Options}), the parser that merges agent argument, system properties,
 * environment and file ({@link dev.overclock.config.ConfigParser}), and the immutable result
 * ({@link dev.overclock.config.Config}) made of one record per feature.
 *
 * <p>Uses {@code select} (the method filters an option holds) and nothing else of the agent.
 */
package dev.overclock.config;
