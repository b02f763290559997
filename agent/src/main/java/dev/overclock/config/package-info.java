/**
 * Options: the documented list with each option's type, range and default ({@link
 * dev.overclock.config.Options}), the parser that merges agent argument, system properties,
 * environment and file ({@link dev.overclock.config.ConfigParser}), and the immutable result
 * ({@link dev.overclock.config.Config}) made of one record per feature.
 */
package dev.overclock.config;
