/**
 * Bytecode: the class file transformer ({@link dev.overclock.instrument.Instrumenter}), which
 * weaves Byte Buddy advice ({@link dev.overclock.instrument.TimedInstrumentation}, {@link
 * dev.overclock.instrument.MemoizeInstrumentation}) into selected methods, or, in a class that
 * needs timing only, the same timing advice written with ASM ({@link
 * dev.overclock.instrument.DirectTimingWeave}). Advice bodies call only the bootstrap {@link
 * dev.overclock.bootstrap.Dispatcher}.
 *
 * <p>Uses {@code bootstrap}, {@code select}, {@code log}, and the recorders of {@code metrics},
 * {@code memo} and {@code offload} for the method ids the advice passes on.
 */
package dev.overclock.instrument;
