/**
 * The build's version ({@link dev.overclock.version.Version}), read from the {@code
 * version.properties} the build writes next to it. A leaf: it uses only the JDK, so that the
 * agent, the command line and the offline analysis can all name the version without depending on
 * each other.
 */
package dev.overclock.version;
