/**
 * What the agent must respect at the JVM's exit: {@link dev.overclock.shutdown.JfrExitGuard}
 * keeps its JFR starts and setting changes out of the JVM's teardown. Depends on no other
 * package of the agent, so that every part that touches JFR can use it.
 */
package dev.overclock.shutdown;
