package dev.overclock.select;

import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * What the code of one method looks like, for deciding whether timing it is worth its cost. Read
 * from a class file by the instrumenter ({@link Retransformer#shape}).
 *
 * @param found whether the class file declares the method with a body
 * @param access its modifiers
 * @param instructions bytecode instructions in its body
 * @param loops whether its body jumps backwards (a loop)
 * @param calls whether its body invokes other methods
 * @param loopCalls the methods it invokes from inside a loop of its body (between a backward
 *     jump and the place it jumps back to), as {@code com.acme.Pricing::quote(I)J}: each of its
 *     calls may make many calls of those
 */
public record MethodShape(
    boolean found, int access, int instructions, boolean loops, boolean calls,
    Set<String> loopCalls) {

  /** The shape of a method the class file does not declare. */
  public static final MethodShape MISSING = new MethodShape(/* found= */ false, /* access= */ 0,
      /* instructions= */ 0, /* loops= */ false, /* calls= */ false);

  public MethodShape {
    loopCalls = Set.copyOf(loopCalls);
  }

  /** A shape without the calls made in loops. */
  public MethodShape(boolean found, int access, int instructions, boolean loops, boolean calls) {
    this(found, access, instructions, loops, calls, Set.of());
  }

  /**
   * Whether its body invokes the method of this key ({@code com.acme.Pricing::quote(I)J}) from
   * inside a loop.
   */
  public boolean callsInLoop(String key) {
    return loopCalls.contains(key);
  }

  /**
   * Whether the body runs straight through without calling anything: it returns within
   * nanoseconds, so timing each call would cost more than the call itself.
   */
  public boolean isStraightLineLeaf() {
    return found && !loops && !calls;
  }

  /** Whether advice can wrap it at all: a body of the method's own, not a bridge or synthetic. */
  public boolean isAdvisable() {
    return found
        && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_SYNTHETIC
            | Opcodes.ACC_BRIDGE)) == 0;
  }
}
