package dev.overclock.purity;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Follows, through one method body, which references the call created (or was handed fresh by its
 * caller) and which it did not. Values are only sizes and a {@link Provenance}: the gate needs to
 * know whether a field or array written to belongs to the call, not the values' types.
 *
 * <p>Loads of fields and array elements are {@link Provenance#OTHER} even from fresh objects (a
 * fresh object may hold an argument), and so are the results of calls, except those of the JDK
 * methods {@link JdkMethods#resultOf} knows.
 */
final class ProvenanceInterpreter extends Interpreter<ProvenanceValue> {

  private final Set<Integer> freshLocals;

  /** {@code freshLocals}: the parameter slots whose arguments the caller created. */
  ProvenanceInterpreter(Set<Integer> freshLocals) {
    super(Opcodes.ASM9);
    this.freshLocals = freshLocals;
  }

  @Override
  public ProvenanceValue newValue(Type type) {
    if (type == Type.VOID_TYPE) {
      return null;
    }
    return type == null ? ProvenanceValue.ONE : sized(type);
  }

  @Override
  public ProvenanceValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
    return freshLocals.contains(local) ? ProvenanceValue.FRESH : sized(type);
  }

  @Override
  public ProvenanceValue newOperation(AbstractInsnNode insn) {
    switch (insn.getOpcode()) {
      case Opcodes.ACONST_NULL:
        return ProvenanceValue.NULL;
      case Opcodes.LCONST_0:
      case Opcodes.LCONST_1:
      case Opcodes.DCONST_0:
      case Opcodes.DCONST_1:
        return ProvenanceValue.TWO;
      case Opcodes.LDC:
        Object constant = ((LdcInsnNode) insn).cst;
        return constant instanceof Long || constant instanceof Double
            ? ProvenanceValue.TWO : ProvenanceValue.ONE;
      case Opcodes.GETSTATIC:
        return sized(Type.getType(((FieldInsnNode) insn).desc));
      case Opcodes.NEW:
        return ProvenanceValue.FRESH;
      default:
        return ProvenanceValue.ONE;
    }
  }

  @Override
  public ProvenanceValue copyOperation(AbstractInsnNode insn, ProvenanceValue value) {
    return value;
  }

  @Override
  public ProvenanceValue unaryOperation(AbstractInsnNode insn, ProvenanceValue value) {
    switch (insn.getOpcode()) {
      case Opcodes.LNEG:
      case Opcodes.DNEG:
      case Opcodes.I2L:
      case Opcodes.I2D:
      case Opcodes.L2D:
      case Opcodes.F2L:
      case Opcodes.F2D:
      case Opcodes.D2L:
        return ProvenanceValue.TWO;
      case Opcodes.GETFIELD:
        return sized(Type.getType(((FieldInsnNode) insn).desc));
      case Opcodes.NEWARRAY:
      case Opcodes.ANEWARRAY:
        return ProvenanceValue.FRESH;
      case Opcodes.CHECKCAST:
        return value;
      default:
        return ProvenanceValue.ONE;
    }
  }

  @Override
  public ProvenanceValue binaryOperation(
      AbstractInsnNode insn, ProvenanceValue value1, ProvenanceValue value2) {
    switch (insn.getOpcode()) {
      case Opcodes.LALOAD:
      case Opcodes.DALOAD:
      case Opcodes.LADD:
      case Opcodes.DADD:
      case Opcodes.LSUB:
      case Opcodes.DSUB:
      case Opcodes.LMUL:
      case Opcodes.DMUL:
      case Opcodes.LDIV:
      case Opcodes.DDIV:
      case Opcodes.LREM:
      case Opcodes.DREM:
      case Opcodes.LSHL:
      case Opcodes.LSHR:
      case Opcodes.LUSHR:
      case Opcodes.LAND:
      case Opcodes.LOR:
      case Opcodes.LXOR:
        return ProvenanceValue.TWO;
      default:
        return ProvenanceValue.ONE;
    }
  }

  @Override
  public ProvenanceValue ternaryOperation(AbstractInsnNode insn, ProvenanceValue value1,
      ProvenanceValue value2, ProvenanceValue value3) {
    return ProvenanceValue.ONE;
  }

  @Override
  public ProvenanceValue naryOperation(
      AbstractInsnNode insn, List<? extends ProvenanceValue> values) {
    int opcode = insn.getOpcode();
    if (opcode == Opcodes.MULTIANEWARRAY) {
      return ProvenanceValue.FRESH;
    }
    if (opcode == Opcodes.INVOKEDYNAMIC) {
      return newValue(Type.getReturnType(((InvokeDynamicInsnNode) insn).desc));
    }
    MethodInsnNode call = (MethodInsnNode) insn;
    Type returned = Type.getReturnType(call.desc);
    if (returned.getSort() != Type.OBJECT && returned.getSort() != Type.ARRAY) {
      return newValue(returned);
    }
    return ProvenanceValue.of(JdkMethods.resultOf(call, values));
  }

  @Override
  public void returnOperation(
      AbstractInsnNode insn, ProvenanceValue value, ProvenanceValue expected) {
    // Returned values are judged by the gate from the frames, not here.
  }

  @Override
  public ProvenanceValue merge(ProvenanceValue value1, ProvenanceValue value2) {
    if (value1.size() != value2.size()) {
      return ProvenanceValue.ONE; // a slot that holds different things on two paths: unusable
    }
    if (value1.size() == 2) {
      return ProvenanceValue.TWO;
    }
    Provenance joined = value1.provenance().join(value2.provenance());
    return joined == value1.provenance() ? value1 : ProvenanceValue.of(joined);
  }

  private static ProvenanceValue sized(Type type) {
    return type.getSize() == 2 ? ProvenanceValue.TWO : ProvenanceValue.ONE;
  }
}
