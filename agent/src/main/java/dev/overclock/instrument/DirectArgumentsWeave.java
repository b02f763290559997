package dev.overclock.instrument;

import static dev.overclock.instrument.DirectWeave.DISPATCHER;
import static dev.overclock.instrument.DirectWeave.THROWABLE;
import static dev.overclock.instrument.DirectWeave.frame;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The argument-sampling advice ({@link ArgumentsInstrumentation.ArgumentsAdvice}) written with ASM
 * alone, a layer of {@link DirectWeave}. Entry only, no locals of its own; the array is built
 * only for a call the sink wants:
 *
 * <pre>{@code
 * try { if (Dispatcher.argumentsWanted(id))
 *         Dispatcher.arguments(id, receiver, new Object[] {boxed arguments}); }
 * catch (Throwable ignored) {}
 * the code the method held, untouched
 * }</pre>
 */
final class DirectArgumentsWeave {

  private DirectArgumentsWeave() {}

  /** Rewrites {@code method}: sampling entry before the code it holds. */
  static void sample(MethodNode method, String owner, int id) {
    List<Object> entry = DirectWeave.entryLocals(owner, method);
    LabelNode start = new LabelNode();
    LabelNode end = new LabelNode();
    LabelNode failed = new LabelNode();
    LabelNode body = new LabelNode();
    InsnList code = new InsnList();
    code.add(start);
    code.add(new LdcInsnNode(id));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "argumentsWanted", "(I)Z",
        false));
    code.add(new JumpInsnNode(Opcodes.IFEQ, end));
    code.add(new LdcInsnNode(id));
    DirectWeave.receiver(code, method);
    DirectWeave.argumentArray(code, method);
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "arguments",
        "(ILjava/lang/Object;[Ljava/lang/Object;)V", false));
    code.add(end);
    code.add(frame(entry, null));
    code.add(new JumpInsnNode(Opcodes.GOTO, body));
    code.add(failed);
    code.add(frame(entry, THROWABLE));
    code.add(new InsnNode(Opcodes.POP));
    code.add(body);
    code.add(frame(entry, null));
    // keeps the body's own first frame, if any, at another offset than this one
    code.add(new InsnNode(Opcodes.NOP));
    method.instructions.insert(code);
    method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, failed, THROWABLE));
  }
}
