/**
 * The static purity gate of {@code auto=optimize}: decides from bytecode alone whether a method may
 * be memoized without anyone noticing, and when not, says why ({@link
 * dev.overclock.purity.PurityGate}, {@link dev.overclock.purity.Verdict}).
 *
 * <p>The gate reads the method's class file, and those of every method it calls (transitively, to
 * a bounded depth and number of methods, library code included), through the class loader's
 * {@code getResourceAsStream}: it never loads or initialises a class, so asking it has no effect
 * on the application. JDK methods are judged by an allow-list of side-effect-free, deterministic
 * ones ({@link dev.overclock.purity.JdkMethods}); every other JDK method counts as impure. An
 * intra-procedural data-flow analysis (ASM's {@code Analyzer} with {@link
 * dev.overclock.purity.ProvenanceInterpreter}) tells objects created within the call, which the
 * method may change, from everything else, which it may not; the freshness of arguments is
 * carried into the methods it calls.
 *
 * <p>Pure value code: uses ASM and the JDK, nothing else of the agent, so that any package may
 * ask it. It is conservative by design: a refusal can be wrong, an acceptance should not be; what
 * it assumes (that {@code equals}, {@code hashCode} and {@code toString} of value types are pure,
 * that JDK collections passed around are the JDK's own) is written where it is assumed.
 */
package dev.overclock.purity;
