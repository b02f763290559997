package dev.overclock.purity;

import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides from bytecode whether a method may be memoized: its result must depend on its arguments
 * only, and calling it must change nothing anyone else can see. Reads the method and everything
 * it calls (to {@code maxDepth} calls deep, at most {@code maxMethods} bodies) through the class
 * loader as resources, never loading a class; see the package documentation for the rules.
 *
 * <p>Besides the body, the method's shape is checked: it must return something, every argument
 * must be value-like (so that equal arguments make equal cache keys) and the result immutable (a
 * cached result is shared by every caller), or an unmodifiable collection built by a JDK factory.
 * Thread-safe: every {@link #check} starts afresh.
 */
public final class PurityGate {

  /** How many calls deep the gate follows by default. */
  public static final int DEFAULT_MAX_DEPTH = 8;

  /** How many method bodies the gate reads by default for one verdict. */
  public static final int DEFAULT_MAX_METHODS = 200;

  private final int maxDepth;
  private final int maxMethods;

  public PurityGate() {
    this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_METHODS);
  }

  public PurityGate(int maxDepth, int maxMethods) {
    if (maxDepth < 0 || maxMethods < 1) {
      throw new IllegalArgumentException(
          "maxDepth >= 0 and maxMethods >= 1, not " + maxDepth + " and " + maxMethods);
    }
    this.maxDepth = maxDepth;
    this.maxMethods = maxMethods;
  }

  /**
   * The verdict on one method. Never throws for what it reads: an unreadable or unanalysable class
   * file is a refusal with that reason.
   *
   * @param loader the loader that defined {@code className} ({@code null}: the bootstrap loader)
   * @param className binary name of the declaring class ({@code com.acme.Outer$Inner})
   * @param methodName the method's name
   * @param descriptor the method's JVM descriptor ({@code (I)J})
   */
  public Verdict check(
      ClassLoader loader, String className, String methodName, String descriptor) {
    String owner = className.replace('.', '/');
    String label = className + "::" + methodName;
    MethodScan scan = new MethodScan(new ClassFiles(loader), maxDepth, maxMethods);
    // The body before the signature: "writes into an array not created in the call" says more
    // about a method that fills its array argument than "argument 1 is an array" would.
    Violation violation = analysable(scan, owner, label, methodName, descriptor);
    if (violation == null) {
      violation = scan.body(owner, methodName, descriptor,
          ValueTypes.isCollectionInterface(Type.getReturnType(descriptor)));
    }
    if (violation == null) {
      violation = signature(scan.types(), label, descriptor);
    }
    return violation == null
        ? Verdict.pure(scan.methodsRead()) : Verdict.refused(violation, scan.methodsRead());
  }

  /** Why the method has nothing the gate can analyse or a cache can hold, or {@code null}. */
  private static Violation analysable(
      MethodScan scan, String owner, String label, String name, String descriptor) {
    if (JdkMethods.isJdk(owner)) {
      return new Violation(label, "a JDK method (only application and library code is memoized)");
    }
    if (name.equals("<init>") || name.equals("<clinit>")) {
      return new Violation(label, "a constructor or class initialiser (nothing to cache)");
    }
    ClassFiles.Member<MethodNode> method = scan.classes().method(owner, name, descriptor);
    if (method == null || method.member() == null || !method.owner().equals(owner)) {
      return new Violation(label, "no such method in a readable class file of " + owner);
    }
    if ((method.member().access & Opcodes.ACC_ABSTRACT) != 0) {
      return new Violation(label, "abstract (no body to analyse)");
    }
    if (Type.getReturnType(descriptor) == Type.VOID_TYPE) {
      return new Violation(label, "returns nothing (void: no result to cache)");
    }
    return null;
  }

  /** Why the arguments cannot key a cache or the result cannot be shared, or {@code null}. */
  private static Violation signature(ValueTypes types, String label, String descriptor) {
    Type returned = Type.getReturnType(descriptor);
    Type[] parameters = Type.getArgumentTypes(descriptor);
    for (int i = 0; i < parameters.length; i++) {
      String why = types.whyNotValueLike(parameters[i]);
      if (why != null) {
        return new Violation(label, "argument " + (i + 1) + " is not value-like: " + why);
      }
    }
    if (!ValueTypes.isCollectionInterface(returned)) {
      String why = types.whyMutable(returned);
      if (why != null) {
        return new Violation(label, "returns a value callers could change: " + why);
      }
    }
    return null;
  }

  /** Local slots of the parameters whose arguments a caller created ({@code index} in order). */
  static Set<Integer> slots(boolean isStatic, String descriptor, boolean[] fresh) {
    Set<Integer> slots = new TreeSet<>();
    int slot = 0;
    int index = 0;
    if (!isStatic) {
      if (fresh[index++]) {
        slots.add(slot);
      }
      slot++;
    }
    for (Type parameter : Type.getArgumentTypes(descriptor)) {
      if (fresh[index++]) {
        slots.add(slot);
      }
      slot += parameter.getSize();
    }
    return slots;
  }
}
