/**
 * Options: the documented list ({@link dev.overclock.config.Options}), the parser that merges
 * agent argument, system properties, environment and file ({@link
 * dev.overclock.config.ConfigParser}), and the immutable result ({@link
 * dev.overclock.config.Config}).
 *
 * <p>Uses {@code select} (the method filters an option holds) and nothing else of the agent.
 */
package dev.overclock.config;
