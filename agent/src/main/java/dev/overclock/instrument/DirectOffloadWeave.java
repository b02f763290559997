package dev.overclock.instrument;

import static dev.overclock.instrument.DirectWeave.DISPATCHER;
import static dev.overclock.instrument.DirectWeave.THROWABLE;
import static dev.overclock.instrument.DirectWeave.atBase;
import static dev.overclock.instrument.DirectWeave.frame;
import static dev.overclock.instrument.DirectWeave.frameType;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The offload advice ({@link OffloadInstrumentation.OffloadAdvice}) written with ASM alone, a
 * layer of {@link DirectWeave}. The body runs only when entry returned {@code null}, and then the
 * advice's exit changes nothing (it acts on an {@code OffloadCall} only): so the body is left as
 * it is, and only the skipped path has an exit.
 *
 * <pre>{@code
 * try { call = Dispatcher.offloadEnter(id, Owner.class, receiver, new Object[] {arguments}); }
 * catch (Throwable t) { call = null; }
 * if (call == null) goto body;                            // the original code, untouched
 * value = default; thrown = null;
 * try { if (call instanceof OffloadCall) { thrown = ((OffloadCall) call).thrown;
 *                                         value = unbox(((OffloadCall) call).value); } }
 * catch (Throwable ignored) {}
 * if (thrown != null) throw thrown;                        // the body's own instance
 * return value;
 * }</pre>
 */
final class DirectOffloadWeave {

  private static final String OFFLOAD_CALL = "dev/overclock/bootstrap/OffloadCall";

  private DirectOffloadWeave() {}

  /** Rewrites {@code method} around the code it holds. */
  static void offload(MethodNode method, String owner, int id) {
    Type returnType = Type.getReturnType(method.desc);
    int base = method.maxLocals;
    if (base + 4 > 0xffff) {
      throw new IllegalStateException("no room for the advice's locals in " + method.name);
    }
    int call = base;
    int thrown = base + 1;
    int value = base + 2;
    List<Object> entry = DirectWeave.entryLocals(owner, method);
    List<Object> callLocals = atBase(entry, base, DirectWeave.OBJECT);
    boolean isVoid = returnType.getSort() == Type.VOID;
    List<Object> skipLocals = isVoid
        ? atBase(entry, base, DirectWeave.OBJECT, THROWABLE)
        : atBase(entry, base, DirectWeave.OBJECT, THROWABLE, frameType(returnType));

    InsnList code = new InsnList();
    LabelNode enterStart = new LabelNode();
    LabelNode enterEnd = new LabelNode();
    LabelNode enterFailed = new LabelNode();
    LabelNode check = new LabelNode();
    LabelNode body = new LabelNode();
    code.add(enterStart);
    code.add(new LdcInsnNode(id));
    code.add(new LdcInsnNode(Type.getObjectType(owner)));
    DirectWeave.receiver(code, method);
    DirectWeave.argumentArray(code, method);
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "offloadEnter",
        "(ILjava/lang/Class;Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", false));
    code.add(new VarInsnNode(Opcodes.ASTORE, call));
    code.add(enterEnd);
    code.add(new JumpInsnNode(Opcodes.GOTO, check));
    code.add(enterFailed);
    code.add(frame(entry, THROWABLE));
    code.add(new InsnNode(Opcodes.POP));
    code.add(new InsnNode(Opcodes.ACONST_NULL));
    code.add(new VarInsnNode(Opcodes.ASTORE, call));
    code.add(check);
    code.add(frame(callLocals, null));
    code.add(new VarInsnNode(Opcodes.ALOAD, call));
    code.add(new JumpInsnNode(Opcodes.IFNULL, body));

    // skipped: the call ran (or runs) elsewhere; return its value or throw its throwable
    LabelNode exitStart = new LabelNode();
    LabelNode exitEnd = new LabelNode();
    LabelNode exitFailed = new LabelNode();
    LabelNode done = new LabelNode();
    code.add(new InsnNode(Opcodes.ACONST_NULL));
    code.add(new VarInsnNode(Opcodes.ASTORE, thrown));
    if (!isVoid) {
      DirectWeave.pushDefault(code, returnType);
      code.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
    }
    code.add(exitStart);
    code.add(new VarInsnNode(Opcodes.ALOAD, call));
    code.add(new TypeInsnNode(Opcodes.INSTANCEOF, OFFLOAD_CALL));
    code.add(new JumpInsnNode(Opcodes.IFEQ, exitEnd));
    code.add(new VarInsnNode(Opcodes.ALOAD, call));
    code.add(new TypeInsnNode(Opcodes.CHECKCAST, OFFLOAD_CALL));
    code.add(new FieldInsnNode(Opcodes.GETFIELD, OFFLOAD_CALL, "thrown", "L" + THROWABLE + ";"));
    code.add(new VarInsnNode(Opcodes.ASTORE, thrown));
    if (!isVoid) {
      code.add(new VarInsnNode(Opcodes.ALOAD, call));
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, OFFLOAD_CALL));
      code.add(new FieldInsnNode(Opcodes.GETFIELD, OFFLOAD_CALL, "value",
          "L" + DirectWeave.OBJECT + ";"));
      DirectWeave.unboxOrCast(code, returnType);
      code.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
    }
    code.add(exitEnd);
    code.add(frame(skipLocals, null));
    code.add(new JumpInsnNode(Opcodes.GOTO, done));
    code.add(exitFailed);
    code.add(frame(skipLocals, THROWABLE));
    code.add(new InsnNode(Opcodes.POP));
    code.add(done);
    code.add(frame(skipLocals, null));
    LabelNode noThrowable = new LabelNode();
    code.add(new VarInsnNode(Opcodes.ALOAD, thrown));
    code.add(new JumpInsnNode(Opcodes.IFNULL, noThrowable));
    code.add(new VarInsnNode(Opcodes.ALOAD, thrown));
    code.add(new InsnNode(Opcodes.ATHROW));
    code.add(noThrowable);
    code.add(frame(skipLocals, null));
    if (!isVoid) {
      code.add(new VarInsnNode(returnType.getOpcode(Opcodes.ILOAD), value));
    }
    code.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));

    code.add(body);
    code.add(frame(entry, null));
    // keeps the body's own first frame, if any, at another offset than this one
    code.add(new InsnNode(Opcodes.NOP));
    method.instructions.insert(code);

    method.tryCatchBlocks.add(new TryCatchBlockNode(enterStart, enterEnd, enterFailed, THROWABLE));
    method.tryCatchBlocks.add(new TryCatchBlockNode(exitStart, exitEnd, exitFailed, THROWABLE));
    method.maxLocals = value + 2;
  }
}
