package dev.overclock.instrument;

import static dev.overclock.instrument.DirectWeave.DISPATCHER;
import static dev.overclock.instrument.DirectWeave.OBJECT;
import static dev.overclock.instrument.DirectWeave.THROWABLE;
import static dev.overclock.instrument.DirectWeave.entryLocals;
import static dev.overclock.instrument.DirectWeave.frame;
import static dev.overclock.instrument.DirectWeave.frameType;
import static dev.overclock.instrument.DirectWeave.isReturn;
import static dev.overclock.instrument.DirectWeave.slots;
import static dev.overclock.instrument.DirectWeave.tops;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The timing advice written with ASM alone, a layer of {@link DirectWeave}: {@code @Timed}
 * methods, {@code timed=} filters and the methods the detector chooses. Byte Buddy's {@code
 * Advice} gives the same result but loads about 900 of its classes and runs them interpreted the
 * first time: 0.2-0.3 s of the loading thread's CPU for the first class woven (the demo's first
 * {@code @Timed} class took 300-380 ms), paid by the application's start or by the first change
 * the detector makes.
 *
 * <h2>The code it writes</h2>
 *
 * The same calls as {@link TimedInstrumentation.TimedAdvice}, in the same places:
 *
 * <pre>{@code
 * state = Dispatcher.timedEnter(id);                        // failures: state null, start 0
 * start = clockEveryCall ? System.nanoTime() : Dispatcher.timedStart(state);
 * try { original body, each return storing its value and jumping to the exit }
 * catch (Throwable t) { Dispatcher.timedExit(id, state, start, t); throw t; }   // same instance
 * exit: Dispatcher.timedExit(id, state, start, null); return value;
 * }</pre>
 *
 * Each call into the bridge is guarded like Byte Buddy's {@code suppress = Throwable.class}: a
 * throwable from the call itself (a {@code StackOverflowError} at the call on an almost exhausted
 * stack, say) is dropped, so the method returns its value or throws its own exception as it would
 * without the agent.
 *
 * <h2>Frames</h2>
 *
 * Nothing is computed from the class hierarchy (that would load classes inside the transformer).
 * The method keeps its locals; the advice's three (state, start time, the value or throwable) are
 * added after them, and appended to every stack map frame of the original code, which the class
 * file carries already (Java 7+ class files: older ones go to Byte Buddy). The blocks added after
 * the original code declare the original locals as {@code TOP}, since the body may have stored
 * other types in them; none of those blocks reads them.
 */
final class DirectTimingWeave {

  /** What the weave asks about each method it rewrites, by name and descriptor. */
  interface Methods {
    /** The method's id (registering it). */
    int id(String methodKey);

    /** Whether the method reads the clock on every call (it can never be sampled). */
    boolean clockEveryCall(String methodKey);
  }

  /** A rewritten class and the ids of the methods in it. */
  record Result(byte[] classFile, List<Integer> ids) {}

  private DirectTimingWeave() {}

  /** Whether this weave can rewrite these methods of this class (see {@link DirectWeave#applies}). */
  static boolean applies(byte[] classFile, Set<String> methodKeys) {
    return DirectWeave.applies(classFile, methodKeys);
  }

  /**
   * The class with timing in the methods {@code methodKeys} names ({@code name + descriptor}).
   * Throws what ASM throws (a method grown over 64 KB, a malformed class file): the caller falls
   * back to Byte Buddy, which knows how to leave a too-large method out.
   */
  static Result weave(byte[] classFile, Set<String> methodKeys, Methods methods) {
    DirectWeave.Result result = DirectWeave.weave(classFile, List.of(new DirectWeave.Layer() {
      @Override
      public Set<String> methodKeys() {
        return methodKeys;
      }

      @Override
      public int wrap(DirectWeave.Target target) {
        int id = methods.id(target.key());
        time(target.method(), target.owner(), id, methods.clockEveryCall(target.key()));
        return id;
      }
    }));
    return new Result(result.classFile(), result.ids().get(0));
  }

  /** Rewrites {@code method} in place (see the class comment). */
  static void time(MethodNode method, String owner, int id, boolean clockEveryCall) {
    Type returnType = Type.getReturnType(method.desc);
    if (method.maxLocals + 5 > 0xffff) {
      throw new IllegalStateException("no room for the advice's locals in " + method.name);
    }
    int state = method.maxLocals;
    int start = state + 1;
    int value = start + 2;

    List<Object> entry = entryLocals(owner, method);
    List<Object> advice = new ArrayList<>(tops(method.maxLocals));
    advice.add(OBJECT);
    advice.add(Opcodes.LONG);

    // The original code's frames carry the advice's locals too; its returns go to the exit.
    LabelNode exit = new LabelNode();
    for (AbstractInsnNode node = method.instructions.getFirst(); node != null; ) {
      AbstractInsnNode next = node.getNext();
      if (node instanceof FrameNode frame) {
        frame.local = DirectWeave.extend(frame.local, method.maxLocals, List.of(OBJECT, Opcodes.LONG));
      } else if (isReturn(node.getOpcode())) {
        InsnList jump = new InsnList();
        if (returnType.getSort() != Type.VOID) {
          jump.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), value));
        }
        jump.add(new JumpInsnNode(Opcodes.GOTO, exit));
        method.instructions.insertBefore(node, jump);
        method.instructions.remove(node);
      }
      node = next;
    }

    // Entry, before the original code.
    LabelNode enterStart = new LabelNode();
    LabelNode enterEnd = new LabelNode();
    LabelNode enterFailed = new LabelNode();
    LabelNode body = new LabelNode();
    InsnList enter = new InsnList();
    enter.add(enterStart);
    enter.add(new LdcInsnNode(id));
    enter.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "timedEnter",
        "(I)Ljava/lang/Object;", false));
    enter.add(new VarInsnNode(Opcodes.ASTORE, state));
    if (clockEveryCall) {
      enter.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J",
          false));
    } else {
      enter.add(new VarInsnNode(Opcodes.ALOAD, state));
      enter.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "timedStart",
          "(Ljava/lang/Object;)J", false));
    }
    enter.add(new VarInsnNode(Opcodes.LSTORE, start));
    enter.add(enterEnd);
    enter.add(new JumpInsnNode(Opcodes.GOTO, body));
    enter.add(enterFailed);
    enter.add(frame(entry, THROWABLE));
    enter.add(new InsnNode(Opcodes.POP));
    enter.add(new InsnNode(Opcodes.ACONST_NULL));
    enter.add(new VarInsnNode(Opcodes.ASTORE, state));
    enter.add(new InsnNode(Opcodes.LCONST_0));
    enter.add(new VarInsnNode(Opcodes.LSTORE, start));
    enter.add(body);
    List<Object> bodyLocals = new ArrayList<>(entry);
    bodyLocals.addAll(tops(method.maxLocals - slots(entry)));
    bodyLocals.add(OBJECT);
    bodyLocals.add(Opcodes.LONG);
    enter.add(frame(bodyLocals, null));
    // keeps the original code's own first frame, if any, at another offset than this one
    enter.add(new InsnNode(Opcodes.NOP));
    method.instructions.insert(enter);

    // After the original code: the exit on return, then the exit on a throwable.
    LabelNode bodyEnd = new LabelNode();
    InsnList after = new InsnList();
    after.add(bodyEnd);
    List<Object> exitLocals = new ArrayList<>(advice);
    if (returnType.getSort() != Type.VOID) {
      exitLocals.add(frameType(returnType));
    }
    LabelNode exitCallStart = new LabelNode();
    LabelNode exitCallEnd = new LabelNode();
    LabelNode exitCallFailed = new LabelNode();
    LabelNode doReturn = new LabelNode();
    after.add(exit);
    after.add(frame(exitLocals, null));
    after.add(exitCallStart);
    exitCall(after, id, state, start, -1);
    after.add(exitCallEnd);
    after.add(doReturn);
    after.add(frame(exitLocals, null));
    if (returnType.getSort() != Type.VOID) {
      after.add(new VarInsnNode(returnType.getOpcode(Opcodes.ILOAD), value));
    }
    after.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
    after.add(exitCallFailed);
    after.add(frame(exitLocals, THROWABLE));
    after.add(new InsnNode(Opcodes.POP));
    after.add(new JumpInsnNode(Opcodes.GOTO, doReturn));

    LabelNode thrown = new LabelNode();
    LabelNode thrownCallStart = new LabelNode();
    LabelNode thrownCallEnd = new LabelNode();
    LabelNode thrownCallFailed = new LabelNode();
    LabelNode rethrow = new LabelNode();
    List<Object> thrownLocals = new ArrayList<>(advice);
    thrownLocals.add(THROWABLE);
    after.add(thrown);
    after.add(frame(advice, THROWABLE));
    after.add(new VarInsnNode(Opcodes.ASTORE, value));
    after.add(thrownCallStart);
    exitCall(after, id, state, start, value);
    after.add(thrownCallEnd);
    after.add(rethrow);
    after.add(frame(thrownLocals, null));
    after.add(new VarInsnNode(Opcodes.ALOAD, value));
    after.add(new InsnNode(Opcodes.ATHROW));
    after.add(thrownCallFailed);
    after.add(frame(thrownLocals, THROWABLE));
    after.add(new InsnNode(Opcodes.POP));
    after.add(new JumpInsnNode(Opcodes.GOTO, rethrow));
    method.instructions.add(after);

    // The body's handler after the original ones, so that the method's own handlers come first.
    method.tryCatchBlocks.add(new TryCatchBlockNode(body, bodyEnd, thrown, THROWABLE));
    method.tryCatchBlocks.add(new TryCatchBlockNode(enterStart, enterEnd, enterFailed, THROWABLE));
    method.tryCatchBlocks.add(
        new TryCatchBlockNode(exitCallStart, exitCallEnd, exitCallFailed, THROWABLE));
    method.tryCatchBlocks.add(
        new TryCatchBlockNode(thrownCallStart, thrownCallEnd, thrownCallFailed, THROWABLE));
    // an outer layer adds its locals after these (the value may take two slots)
    method.maxLocals = value + 2;
  }

  /** {@code Dispatcher.timedExit(id, state, start, thrown or null)}. */
  private static void exitCall(InsnList code, int id, int state, int start, int thrown) {
    code.add(new LdcInsnNode(id));
    code.add(new VarInsnNode(Opcodes.ALOAD, state));
    code.add(new VarInsnNode(Opcodes.LLOAD, start));
    code.add(thrown < 0
        ? new InsnNode(Opcodes.ACONST_NULL)
        : new VarInsnNode(Opcodes.ALOAD, thrown));
    code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, DISPATCHER, "timedExit",
        "(ILjava/lang/Object;JLjava/lang/Throwable;)V", false));
  }
}
