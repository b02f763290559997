/**
 * Bytecode: the class file transformer ({@link dev.overclock.instrument.Instrumenter}), which
 * weaves Byte Buddy advice ({@link dev.overclock.instrument.TimedInstrumentation}, {@link
 * dev.overclock.instrument.MemoizeInstrumentation}) into selected methods. Advice bodies call
 * only the bootstrap {@link dev.overclock.bootstrap.Dispatcher}.
 *
 * <p>Uses {@code bootstrap}, {@code select}, {@code log}, and the recorders of {@code metrics},
 * {@code memo} and {@code offload} for the method ids the advice passes on.
 */
package dev.overclock.instrument;
