/**
 * The annotations applications compile against to ask the Overclock agent for a behaviour on a
 * method. This package has no dependencies; without the agent every annotation is inert.
 */
package dev.overclock.annotations;
