/** The command line of the agent jar. Nothing else in the agent depends on this package. */
package dev.overclock.cli;
