package dev.overclock.instrument;

import static dev.overclock.instrument.DirectWeave.DISPATCHER;
import static dev.overclock.instrument.DirectWeave.OBJECT;
import static dev.overclock.instrument.DirectWeave.THROWABLE;
import static dev.overclock.instrument.DirectWeave.atBase;
import static dev.overclock.instrument.DirectWeave.frame;
import static dev.overclock.instrument.DirectWeave.frameType;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The memoization advice ({@link MemoizeInstrumentation.MemoizeAdvice}) written with ASM alone, a
 * layer of {@link DirectWeave}: the same calls into the bridge in the same order, so that the
 * method's hit path compiles as it does under Byte Buddy.
 *
 * <pre>{@code
 * call = null; one = null; two = null; site = null; hash = 0;
 * try {                                                        // failures: call null
 *   one arg:  one = box(a0); site = ldc memoSite(id);          // null before Java 11
 *             if (site != null) { hash = one == null ? 0 : one.hashCode();
 *               call = site.enter1(receiver, one, hash);
 *               if (call == site) call = Dispatcher.memoHandedBack1(id, receiver, one); }
 *             else call = Dispatcher.memoEnter1(id, receiver, one);
 *   two args: the same with enter2 / memoHandedBack2 / memoEnter2, hash = 31 * h(one) + h(two)
 *   others:   call = Dispatcher.memoEnter(id, receiver, new Object[] {boxed arguments});
 * } catch (Throwable t) { call = null; }
 * if (call instanceof MemoHit) { value = default; goto exit; }
 * try { body, each return storing its value and jumping to exit }
 * catch (Throwable t) { try { Dispatcher.memoExit(id, call, box(default), t); } catch (Throwable
 *   ignored) {} throw t; }                                     // the same instance
 * exit: try { value = unbox(call instanceof MemoHit ? ((MemoHit) call).value
 *                           : Dispatcher.memoExit(id, call, box(value), null)); }
 *       catch (Throwable ignored) {}                           // value unchanged
 *       return value;
 * }</pre>
 */
final class DirectMemoWeave {

  private static final String MEMO_HIT = "dev/overclock/bootstrap/MemoHit";
  private static final String MEMO_SITE = "dev/overclock/bootstrap/MemoSite";
  private static final Handle CONSTANT_INVOKE = new Handle(Opcodes.H_INVOKESTATIC,
      "java/lang/invoke/ConstantBootstraps", "invoke",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
          + "Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;)Ljava/lang/Object;", false);
  private static final Handle MEMO_SITE_OF = new Handle(Opcodes.H_INVOKESTATIC, DISPATCHER,
      "memoSite", "(I)L" + MEMO_SITE + ";", false);

  private DirectMemoWeave() {}

  /**
   * Rewrites {@code method} around the code it holds. {@code classVersion}: the class file's
   * major version (a dynamic constant needs Java 11).
   */
  static void memoize(MethodNode method, String owner, int classVersion, int id) {
    Type returnType = Type.getReturnType(method.desc);
    if (returnType.getSort() == Type.VOID) {
      throw new IllegalArgumentException("a memoized method returns a value: " + method.name);
    }
    int base = method.maxLocals;
    if (base + 8 > 0xffff) {
      throw new IllegalStateException("no room for the advice's locals in " + method.name);
    }
    int call = base;
    int one = base + 1;
    int two = base + 2;
    int site = base + 3;
    int hash = base + 4;
    int value = base + 5;
    int thrown = base + 7;
    int arity = Type.getArgumentTypes(method.desc).length;
    boolean withSite = classVersion >= Opcodes.V11 && (arity == 1 || arity == 2);
    Object valueType = frameType(returnType);

    List<Object> entry = DirectWeave.entryLocals(owner, method);
    // The body's frames carry the call (read at its exit); the rest is dead after entry.
    DirectWeave.extendFrames(method, base, List.of(OBJECT));
    LabelNode exit = new LabelNode();
    for (AbstractInsnNode node = method.instructions.getFirst(); node != null; ) {
      AbstractInsnNode next = node.getNext();
      if (DirectWeave.isReturn(node.getOpcode())) {
        InsnList jump = new InsnList();
        jump.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
        jump.add(new JumpInsnNode(Opcodes.GOTO, exit));
        method.instructions.insertBefore(node, jump);
        method.instructions.remove(node);
      }
      node = next;
    }

    List<Object> enterLocals = atBase(entry, base, OBJECT, OBJECT, OBJECT, OBJECT,
        Opcodes.INTEGER);
    InsnList enter = new InsnList();
    for (int slot : new int[] {call, one, two, site}) {
      enter.add(new InsnNode(Opcodes.ACONST_NULL));
      enter.add(new VarInsnNode(Opcodes.ASTORE, slot));
    }
    enter.add(new InsnNode(Opcodes.ICONST_0));
    enter.add(new VarInsnNode(Opcodes.ISTORE, hash));
    LabelNode enterStart = new LabelNode();
    LabelNode enterEnd = new LabelNode();
    LabelNode enterFailed = new LabelNode();
    LabelNode check = new LabelNode();
    enter.add(enterStart);
    if (arity == 1 || arity == 2) {
      Type[] parameters = Type.getArgumentTypes(method.desc);
      DirectWeave.loadBoxed(enter, parameters[0], DirectWeave.parameterSlot(method, 0));
      enter.add(new VarInsnNode(Opcodes.ASTORE, one));
      if (arity == 2) {
        DirectWeave.loadBoxed(enter, parameters[1], DirectWeave.parameterSlot(method, 1));
        enter.add(new VarInsnNode(Opcodes.ASTORE, two));
      }
      LabelNode noSite = new LabelNode();
      if (withSite) {
        enter.add(new LdcInsnNode(new ConstantDynamic("invoke", "L" + MEMO_SITE + ";",
            CONSTANT_INVOKE, MEMO_SITE_OF, id)));
        enter.add(new VarInsnNode(Opcodes.ASTORE, site));
        enter.add(new VarInsnNode(Opcodes.ALOAD, site));
        enter.add(new JumpInsnNode(Opcodes.IFNULL, noSite));
        hashInto(enter, one, hash, enterLocals);
        if (arity == 2) {
          enter.add(new VarInsnNode(Opcodes.ILOAD, hash));
          enter.add(new IntInsnNode(Opcodes.BIPUSH, 31));
          enter.add(new InsnNode(Opcodes.IMUL));
          enter.add(new VarInsnNode(Opcodes.ISTORE, hash));
          LabelNode hashed = new LabelNode();
          enter.add(new VarInsnNode(Opcodes.ALOAD, two));
          enter.add(new JumpInsnNode(Opcodes.IFNULL, hashed));
          enter.add(new VarInsnNode(Opcodes.ILOAD, hash));
          enter.add(new VarInsnNode(Opcodes.ALOAD, two));
          enter.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, OBJECT, "hashCode", "()I", false));
          enter.add(new InsnNode(Opcodes.IADD));
          enter.add(new VarInsnNode(Opcodes.ISTORE, hash));
          enter.add(hashed);
          enter.add(frame(enterLocals, null));
        }
        enter.add(new VarInsnNode(Opcodes.ALOAD, site));
        DirectWeave.receiver(enter, method);
        enter.add(new VarInsnNode(Opcodes.ALOAD, one));
        if (arity == 2) {
          enter.add(new VarInsnNode(Opcodes.ALOAD, two));
        }
        enter.add(new VarInsnNode(Opcodes.ILOAD, hash));
        enter.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, MEMO_SITE,
            arity == 1 ? "enter1" : "enter2",
            arity == 1
                ? "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;"
                : "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;",
            true));
        enter.add(new VarInsnNode(Opcodes.ASTORE, call));
        enter.add(new VarInsnNode(Opcodes.ALOAD, call));
        enter.add(new VarInsnNode(Opcodes.ALOAD, site));
        enter.add(new JumpInsnNode(Opcodes.IF_ACMPNE, enterEnd));
        bridgeCall(enter, method, id, arity == 1 ? "memoHandedBack1" : "memoHandedBack2",
            arity, one, two, call);
        enter.add(new JumpInsnNode(Opcodes.GOTO, enterEnd));
      }
      enter.add(noSite);
      enter.add(frame(enterLocals, null));
      bridgeCall(enter, method, id, arity == 1 ? "memoEnter1" : "memoEnter2", arity, one, two,
          call);
    } else {
      enter.add(new LdcInsnNode(id));
      DirectWeave.receiver(enter, method);
      DirectWeave.argumentArray(enter, method);
      enter.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "memoEnter",
          "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false));
      enter.add(new VarInsnNode(Opcodes.ASTORE, call));
    }
    enter.add(enterEnd);
    enter.add(frame(enterLocals, null));
    enter.add(new JumpInsnNode(Opcodes.GOTO, check));
    enter.add(enterFailed);
    enter.add(frame(enterLocals, THROWABLE));
    enter.add(new InsnNode(Opcodes.POP));
    enter.add(new InsnNode(Opcodes.ACONST_NULL));
    enter.add(new VarInsnNode(Opcodes.ASTORE, call));
    enter.add(check);
    enter.add(frame(enterLocals, null));
    LabelNode body = new LabelNode();
    enter.add(new VarInsnNode(Opcodes.ALOAD, call));
    enter.add(new TypeInsnNode(Opcodes.INSTANCEOF, MEMO_HIT));
    enter.add(new JumpInsnNode(Opcodes.IFEQ, body));
    DirectWeave.pushDefault(enter, returnType);
    enter.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
    enter.add(new JumpInsnNode(Opcodes.GOTO, exit));
    enter.add(body);
    List<Object> bodyLocals = atBase(entry, base, OBJECT);
    enter.add(frame(bodyLocals, null));
    // keeps the body's own first frame, if any, at another offset than this one
    enter.add(new InsnNode(Opcodes.NOP));
    method.instructions.insert(enter);

    List<Object> exitLocals = atBase(new ArrayList<>(), base, OBJECT, Opcodes.TOP, Opcodes.TOP,
        Opcodes.TOP, Opcodes.TOP, valueType);
    List<Object> callOnly = atBase(new ArrayList<>(), base, OBJECT);
    LabelNode bodyEnd = new LabelNode();
    InsnList after = new InsnList();
    after.add(bodyEnd);
    // exit, on a return or a hit
    LabelNode exitStart = new LabelNode();
    LabelNode exitEnd = new LabelNode();
    LabelNode exitFailed = new LabelNode();
    LabelNode miss = new LabelNode();
    LabelNode convert = new LabelNode();
    LabelNode doReturn = new LabelNode();
    after.add(exit);
    after.add(frame(exitLocals, null));
    after.add(exitStart);
    after.add(new VarInsnNode(Opcodes.ALOAD, call));
    after.add(new TypeInsnNode(Opcodes.INSTANCEOF, MEMO_HIT));
    after.add(new JumpInsnNode(Opcodes.IFEQ, miss));
    after.add(new VarInsnNode(Opcodes.ALOAD, call));
    after.add(new TypeInsnNode(Opcodes.CHECKCAST, MEMO_HIT));
    after.add(new FieldInsnNode(Opcodes.GETFIELD, MEMO_HIT, "value", "L" + OBJECT + ";"));
    after.add(new JumpInsnNode(Opcodes.GOTO, convert));
    after.add(miss);
    after.add(frame(exitLocals, null));
    after.add(new LdcInsnNode(id));
    after.add(new VarInsnNode(Opcodes.ALOAD, call));
    DirectWeave.loadBoxed(after, returnType, value);
    after.add(new InsnNode(Opcodes.ACONST_NULL));
    after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "memoExit",
        "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;", false));
    after.add(convert);
    after.add(frame(exitLocals, OBJECT));
    DirectWeave.unboxOrCast(after, returnType);
    after.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
    after.add(exitEnd);
    after.add(doReturn);
    after.add(frame(exitLocals, null));
    after.add(new VarInsnNode(returnType.getOpcode(Opcodes.ILOAD), value));
    after.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
    after.add(exitFailed);
    after.add(frame(exitLocals, THROWABLE));
    after.add(new InsnNode(Opcodes.POP));
    after.add(new JumpInsnNode(Opcodes.GOTO, doReturn));

    // exit on a throwable from the body: the sink releases its claim; the same instance rethrown
    LabelNode thrownHandler = new LabelNode();
    LabelNode thrownStart = new LabelNode();
    LabelNode thrownEnd = new LabelNode();
    LabelNode thrownFailed = new LabelNode();
    LabelNode rethrow = new LabelNode();
    List<Object> thrownLocals = atBase(new ArrayList<>(), base, OBJECT, Opcodes.TOP, Opcodes.TOP,
        Opcodes.TOP, Opcodes.TOP, Opcodes.TOP, Opcodes.TOP, THROWABLE);
    after.add(thrownHandler);
    after.add(frame(callOnly, THROWABLE));
    after.add(new VarInsnNode(Opcodes.ASTORE, thrown));
    after.add(thrownStart);
    after.add(new LdcInsnNode(id));
    after.add(new VarInsnNode(Opcodes.ALOAD, call));
    DirectWeave.pushDefault(after, returnType);
    Type boxed = DirectWeave.boxedType(returnType);
    if (boxed != null) {
      after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
          Type.getMethodDescriptor(boxed, returnType), false));
    }
    after.add(new VarInsnNode(Opcodes.ALOAD, thrown));
    after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "memoExit",
        "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;", false));
    after.add(new InsnNode(Opcodes.POP));
    after.add(thrownEnd);
    after.add(rethrow);
    after.add(frame(thrownLocals, null));
    after.add(new VarInsnNode(Opcodes.ALOAD, thrown));
    after.add(new InsnNode(Opcodes.ATHROW));
    after.add(thrownFailed);
    after.add(frame(thrownLocals, THROWABLE));
    after.add(new InsnNode(Opcodes.POP));
    after.add(new JumpInsnNode(Opcodes.GOTO, rethrow));
    method.instructions.add(after);

    // the body's handler after its own ones, so that those come first
    method.tryCatchBlocks.add(new TryCatchBlockNode(body, bodyEnd, thrownHandler, THROWABLE));
    method.tryCatchBlocks.add(new TryCatchBlockNode(enterStart, enterEnd, enterFailed, THROWABLE));
    method.tryCatchBlocks.add(new TryCatchBlockNode(exitStart, exitEnd, exitFailed, THROWABLE));
    method.tryCatchBlocks.add(
        new TryCatchBlockNode(thrownStart, thrownEnd, thrownFailed, THROWABLE));
    method.maxLocals = thrown + 1;
  }

  /** {@code hash = one == null ? 0 : one.hashCode()} (hash is 0 already). */
  private static void hashInto(InsnList code, int one, int hash, List<Object> locals) {
    LabelNode hashed = new LabelNode();
    code.add(new VarInsnNode(Opcodes.ALOAD, one));
    code.add(new JumpInsnNode(Opcodes.IFNULL, hashed));
    code.add(new VarInsnNode(Opcodes.ALOAD, one));
    code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, OBJECT, "hashCode", "()I", false));
    code.add(new VarInsnNode(Opcodes.ISTORE, hash));
    code.add(hashed);
    code.add(frame(locals, null));
  }

  /** {@code call = Dispatcher.<name>(id, receiver, one[, two])}. */
  private static void bridgeCall(InsnList code, MethodNode method, int id, String name,
      int arity, int one, int two, int call) {
    code.add(new LdcInsnNode(id));
    DirectWeave.receiver(code, method);
    code.add(new VarInsnNode(Opcodes.ALOAD, one));
    if (arity == 2) {
      code.add(new VarInsnNode(Opcodes.ALOAD, two));
    }
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, name, arity == 1
        ? "(ILjava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"
        : "(ILjava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false));
    code.add(new VarInsnNode(Opcodes.ASTORE, call));
  }
}
