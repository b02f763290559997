/**
 * Bytecode: the Byte Buddy {@code AgentBuilder} ({@link dev.overclock.instrument.Instrumenter})
 * and the advice it weaves ({@link dev.overclock.instrument.TimedInstrumentation}). Advice bodies
 * call only the bootstrap {@link dev.overclock.bootstrap.Dispatcher}.
 */
package dev.overclock.instrument;
