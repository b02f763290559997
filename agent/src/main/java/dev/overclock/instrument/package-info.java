/**
 * Bytecode: the class file transformer ({@link dev.overclock.instrument.Instrumenter}), which
 * weaves Byte Buddy advice ({@link dev.overclock.instrument.TimedInstrumentation}, {@link
 * dev.overclock.instrument.MemoizeInstrumentation}) into selected methods. Advice bodies call
 * only the bootstrap {@link dev.overclock.bootstrap.Dispatcher}.
 */
package dev.overclock.instrument;
