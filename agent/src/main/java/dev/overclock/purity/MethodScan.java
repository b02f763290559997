package dev.overclock.purity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * One verdict's walk over method bodies: each body is analysed for the provenance of its
 * references, then every instruction is checked, and every method called is walked in turn with
 * the freshness of its arguments. Results are remembered per method and argument freshness;
 * a method already being walked (recursion) is taken as pure here, since whatever it does is
 * checked on the walk that is under way.
 */
final class MethodScan {

  /**
   * JDK interfaces whose methods JDK code calls as value methods (assumed pure, like equals and
   * hashCode: see the package documentation) or that have none.
   */
  private static final Set<String> CALLED_AS_VALUES = Set.of(
      "java/lang/Comparable", "java/io/Serializable", "java/lang/Cloneable");

  private final ClassFiles classes;
  private final ValueTypes types;
  private final int maxDepth;
  private final int maxMethods;
  private final Map<String, Optional<Violation>> done = new HashMap<>();
  private final Set<String> walking = new HashSet<>();
  private int methodsRead;

  MethodScan(ClassFiles classes, int maxDepth, int maxMethods) {
    this.classes = classes;
    this.types = new ValueTypes(classes);
    this.maxDepth = maxDepth;
    this.maxMethods = maxMethods;
  }

  ClassFiles classes() {
    return classes;
  }

  ValueTypes types() {
    return types;
  }

  int methodsRead() {
    return methodsRead;
  }

  /**
   * The first violation in the body of the method asked about, or {@code null}.
   *
   * @param unmodifiableReturns whether every value returned must come from a JDK factory of
   *     unmodifiable collections (the method returns a collection interface)
   */
  Violation body(String owner, String name, String descriptor, boolean unmodifiableReturns) {
    ClassFiles.Member<MethodNode> method = classes.method(owner, name, descriptor);
    return walk(method, Set.of(), 0, unmodifiableReturns);
  }

  private Violation walk(ClassFiles.Member<MethodNode> method, Set<Integer> freshSlots,
      int depth, boolean unmodifiableReturns) {
    MethodNode node = method.member();
    String key = method.owner() + "." + node.name + node.desc + freshSlots;
    Optional<Violation> known = done.get(key);
    if (known != null) {
      return known.orElse(null);
    }
    if (!walking.add(key)) {
      return null;
    }
    try {
      Violation found = inspect(method, freshSlots, depth, unmodifiableReturns);
      done.put(key, Optional.ofNullable(found));
      return found;
    } finally {
      walking.remove(key);
    }
  }

  private Violation inspect(ClassFiles.Member<MethodNode> method, Set<Integer> freshSlots,
      int depth, boolean unmodifiableReturns) {
    MethodNode node = method.member();
    String label = JdkMethods.dotted(method.owner()) + "::" + node.name;
    if (methodsRead >= maxMethods) {
      return new Violation(label, "too much code to check (more than " + maxMethods
          + " methods; the bound keeps the check cheap)");
    }
    methodsRead++;
    if ((node.access & Opcodes.ACC_NATIVE) != 0) {
      return new Violation(label, "native method");
    }
    if ((node.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
      return new Violation(label, "synchronized method");
    }
    if ((node.access & Opcodes.ACC_ABSTRACT) != 0) {
      return new Violation(label, "abstract method (no body to analyse)");
    }
    Set<Integer> fresh = node.name.equals("<init>") ? with(freshSlots, 0) : freshSlots;
    Frame<ProvenanceValue>[] frames;
    try {
      frames = new Analyzer<>(new ProvenanceInterpreter(fresh)).analyze(method.owner(), node);
    } catch (AnalyzerException | RuntimeException unanalysable) {
      return new Violation(label, "bytecode that could not be analysed (" + unanalysable + ")");
    }
    int line = 0;
    for (int i = 0; i < node.instructions.size(); i++) {
      AbstractInsnNode insn = node.instructions.get(i);
      if (insn instanceof LineNumberNode) {
        line = ((LineNumberNode) insn).line;
      }
      Frame<ProvenanceValue> frame = frames[i];
      if (frame == null || insn.getOpcode() < 0) {
        continue; // unreachable, or a label, line or frame marker
      }
      String what = instruction(insn, frame, unmodifiableReturns);
      if (what != null) {
        return new Violation(at(label, line), what);
      }
      Violation inCallee = callee(insn, frame, depth, label, line);
      if (inCallee != null) {
        return inCallee;
      }
      if (insn.getOpcode() == Opcodes.NEW) {
        Violation inCallback = callbacks(((TypeInsnNode) insn).desc, depth, at(label, line));
        if (inCallback != null) {
          return inCallback;
        }
      }
    }
    return null;
  }

  /** What is wrong with one instruction by itself (calls are followed by {@link #callee}). */
  private String instruction(
      AbstractInsnNode insn, Frame<ProvenanceValue> frame, boolean unmodifiableReturns) {
    switch (insn.getOpcode()) {
      case Opcodes.PUTSTATIC:
        return "writes static field " + field(insn);
      case Opcodes.GETSTATIC:
        return staticRead((FieldInsnNode) insn);
      case Opcodes.PUTFIELD:
        return stack(frame, 1).owned()
            ? null : "writes field " + field(insn) + " of an object not created in the call";
      case Opcodes.GETFIELD:
        return stack(frame, 0).owned() ? null : fieldRead((FieldInsnNode) insn);
      case Opcodes.IASTORE:
      case Opcodes.LASTORE:
      case Opcodes.FASTORE:
      case Opcodes.DASTORE:
      case Opcodes.AASTORE:
      case Opcodes.BASTORE:
      case Opcodes.CASTORE:
      case Opcodes.SASTORE:
        return stack(frame, 2).owned() ? null : "writes into an array not created in the call";
      case Opcodes.MONITORENTER:
        return "synchronized block";
      case Opcodes.ARETURN:
        Provenance returned = stack(frame, 0);
        return !unmodifiableReturns || returned == Provenance.UNMODIFIABLE
            || returned == Provenance.NULL
            ? null : "returns a collection callers could change (not from List.of, "
                + "Collections.unmodifiable*, ...)";
      case Opcodes.INVOKEDYNAMIC:
        return dynamic((InvokeDynamicInsnNode) insn);
      default:
        return null;
    }
  }

  private String staticRead(FieldInsnNode insn) {
    if (JdkMethods.isJdk(insn.owner)) {
      return JdkMethods.checkStatic(insn.owner, insn.name);
    }
    ClassFiles.Member<FieldNode> field = classes.field(insn.owner, insn.name);
    if (field == null) {
      return "reads static field " + field(insn) + " whose class file cannot be read";
    }
    if (field.inJdk()) {
      return JdkMethods.checkStatic(field.owner(), insn.name);
    }
    if ((field.member().access & Opcodes.ACC_FINAL) == 0) {
      return "reads non-final static field " + field(insn) + " (the result could change with it)";
    }
    if (insn.name.startsWith("$SwitchMap$")) {
      return null; // javac's table for a switch on an enum: filled once, never changed
    }
    String mutable = types.whyMutable(Type.getType(insn.desc));
    return mutable == null || unmodifiableValues(field, true) ? null
        : "reads static final field " + field(insn) + " of a mutable type (" + mutable + ")";
  }

  private String fieldRead(FieldInsnNode insn) {
    ClassFiles.Member<FieldNode> field = classes.field(insn.owner, insn.name);
    if (field == null || field.inJdk()) {
      return "reads field " + field(insn) + ", which cannot be checked";
    }
    if ((field.member().access & Opcodes.ACC_FINAL) == 0) {
      return "reads non-final field " + field(insn) + " of an object not created in the call"
          + " (the result could change with it)";
    }
    String mutable = types.whyMutable(Type.getType(insn.desc));
    return mutable == null || unmodifiableValues(field, false) ? null
        : "reads final field " + field(insn) + " of a mutable type (" + mutable + ")";
  }

  /**
   * Whether a final field typed by a JDK collection interface holds an unmodifiable collection of
   * values: its declared element types (from its generic signature) are value-like, and every
   * assignment of it in its class's constructors (class initialiser, for a static) stores the
   * result of a JDK factory of unmodifiable collections ({@code List.copyOf}, ...). A spelling
   * corrector's {@code final List<String> vocabulary = List.copyOf(words)} is one.
   */
  private boolean unmodifiableValues(ClassFiles.Member<FieldNode> field, boolean isStatic) {
    FieldNode node = field.member();
    if (!ValueTypes.isCollectionInterface(Type.getType(node.desc)) || node.signature == null
        || !valueLikeElements(node.signature)) {
      return false;
    }
    String initialiser = isStatic ? "<clinit>" : "<init>";
    int store = isStatic ? Opcodes.PUTSTATIC : Opcodes.PUTFIELD;
    boolean assigned = false;
    for (MethodNode method : field.declaringClass().methods) {
      if (!method.name.equals(initialiser)) {
        continue;
      }
      Frame<ProvenanceValue>[] frames;
      try {
        frames = new Analyzer<>(new ProvenanceInterpreter(isStatic ? Set.of() : Set.of(0)))
            .analyze(field.owner(), method);
      } catch (AnalyzerException | RuntimeException unanalysable) {
        return false;
      }
      for (int i = 0; i < method.instructions.size(); i++) {
        AbstractInsnNode insn = method.instructions.get(i);
        if (insn.getOpcode() == store && ((FieldInsnNode) insn).name.equals(node.name)
            && ((FieldInsnNode) insn).owner.equals(field.owner())) {
          if (frames[i] == null || stack(frames[i], 0) != Provenance.UNMODIFIABLE) {
            return false;
          }
          assigned = true;
        }
      }
    }
    return assigned;
  }

  /** Whether every type argument of a generic signature ({@code Ljava/util/List<...>;}) is. */
  private boolean valueLikeElements(String signature) {
    int open = signature.indexOf('<');
    if (open < 0 || !signature.endsWith(">;")) {
      return false;
    }
    String arguments = signature.substring(open + 1, signature.length() - 2);
    for (String argument : arguments.split(";")) {
      if (!argument.startsWith("L") || argument.contains("<")
          || types.whyNotValueLike(Type.getType(argument + ";")) != null) {
        return false; // a wildcard, a type variable, a nested generic, or not value-like
      }
    }
    return !arguments.isEmpty();
  }

  private String dynamic(InvokeDynamicInsnNode insn) {
    String bootstrap = insn.bsm.getOwner();
    if (bootstrap.equals("java/lang/invoke/StringConcatFactory")) {
      for (Type part : Type.getArgumentTypes(insn.desc)) {
        if (part.getSort() == Type.ARRAY || part.getSort() == Type.OBJECT
            && !part.getInternalName().equals("java/lang/String")
            && !ValueTypes.isBox(part.getInternalName())) {
          return "string concatenation calls toString() of " + ValueTypes.name(part);
        }
      }
      return null;
    }
    if (bootstrap.equals("java/lang/runtime/ObjectMethods")
        || bootstrap.equals("java/lang/runtime/SwitchBootstraps")) {
      return null; // a record's equals/hashCode/toString; a switch on types or enum constants
    }
    if (bootstrap.equals("java/lang/invoke/LambdaMetafactory")) {
      if (Type.getArgumentTypes(insn.desc).length > 0) {
        return "a capturing lambda or method reference (" + Type.getReturnType(insn.desc)
            .getClassName() + "), whose captured values are not followed";
      }
      return null; // its body is followed by callee()
    }
    return "invokedynamic with bootstrap " + JdkMethods.dotted(bootstrap) + "::"
        + insn.bsm.getName();
  }

  /** A violation in the method this instruction calls (or, for a lambda, implements). */
  private Violation callee(AbstractInsnNode insn, Frame<ProvenanceValue> frame, int depth,
      String label, int line) {
    String owner;
    String name;
    String descriptor;
    int opcode;
    List<ProvenanceValue> operands;
    if (insn instanceof MethodInsnNode) {
      MethodInsnNode call = (MethodInsnNode) insn;
      owner = call.owner;
      name = call.name;
      descriptor = call.desc;
      opcode = call.getOpcode();
      int count = Type.getArgumentTypes(descriptor).length + (opcode == Opcodes.INVOKESTATIC ? 0
          : 1);
      operands = new ArrayList<>(count);
      for (int i = count - 1; i >= 0; i--) {
        operands.add(frame.getStack(frame.getStackSize() - 1 - i));
      }
    } else if (insn instanceof InvokeDynamicInsnNode && ((InvokeDynamicInsnNode) insn).bsm
        .getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
      Handle target = (Handle) ((InvokeDynamicInsnNode) insn).bsmArgs[1];
      owner = target.getOwner();
      name = target.getName();
      descriptor = target.getDesc();
      opcode = invokeOpcode(target.getTag());
      int count = Type.getArgumentTypes(descriptor).length + (opcode == Opcodes.INVOKESTATIC ? 0
          : 1);
      operands = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        operands.add(ProvenanceValue.ONE); // called later, on values it cannot know
      }
    } else {
      return null;
    }
    String where = at(label, line);
    String what = call(owner, name, descriptor, opcode, operands);
    if (what != null) {
      return new Violation(where, what);
    }
    if (owner.startsWith("[") || JdkMethods.isJdk(owner) || isEnumValues(owner, name,
        descriptor, opcode)) {
      return null;
    }
    ClassFiles.Member<MethodNode> target = classes.method(owner, name, descriptor);
    if (target.inJdk()) {
      return null; // judged by call()
    }
    if (depth + 1 > maxDepth) {
      return new Violation(where, "calls deeper than " + maxDepth + " methods ("
          + JdkMethods.dotted(owner) + "::" + name + " not checked)");
    }
    boolean[] fresh = new boolean[operands.size()];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = operands.get(i).provenance() == Provenance.FRESH;
    }
    boolean isStatic = (target.member().access & Opcodes.ACC_STATIC) != 0;
    Violation inside = walk(target, PurityGate.slots(isStatic, descriptor, fresh), depth + 1,
        false);
    return inside == null ? null : inside.through(label);
  }

  /**
   * A violation in the methods of an object of the application's own class that the call
   * creates, when that class implements a JDK interface: JDK code the gate does not read may call
   * them (a comparator handed to {@code sort}, a function to {@code computeIfAbsent}), so each is
   * walked as if called here, on the fresh object. Bridge methods only forward to one walked.
   */
  private Violation callbacks(String type, int depth, String where) {
    if (JdkMethods.isJdk(type) || type.startsWith("[") || !implementsJdkInterface(type, 0)) {
      return null;
    }
    for (String owner = type; owner != null && !JdkMethods.isJdk(owner); ) {
      ClassNode node = classes.read(owner);
      if (node == null) {
        return null; // its constructor call was refused as unreadable already
      }
      for (MethodNode method : node.methods) {
        if ((method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_BRIDGE))
            != 0 || method.name.startsWith("<")) {
          continue;
        }
        if (depth + 1 > maxDepth) {
          return new Violation(where, "calls deeper than " + maxDepth + " methods ("
              + JdkMethods.dotted(owner) + "::" + method.name + " not checked)");
        }
        Violation inside = walk(new ClassFiles.Member<>(owner, node, method), Set.of(0),
            depth + 1, false);
        if (inside != null) {
          return inside.through(where + " creates " + JdkMethods.dotted(type)
              + ", the JDK may call it");
        }
      }
      owner = node.superName;
    }
    return null;
  }

  /** Whether the class implements a JDK interface other than the markers and Comparable. */
  private boolean implementsJdkInterface(String type, int depth) {
    ClassNode node = depth < 16 ? classes.read(type) : null;
    if (node == null) {
      return false;
    }
    for (String parent : node.interfaces) {
      if (JdkMethods.isJdk(parent) ? !CALLED_AS_VALUES.contains(parent)
          : implementsJdkInterface(parent, depth + 1)) {
        return true;
      }
    }
    return node.superName != null && !JdkMethods.isJdk(node.superName)
        && implementsJdkInterface(node.superName, depth + 1);
  }

  /**
   * Why calling this method is impure by itself (a JDK method off the list, a call that could
   * reach code not seen), or {@code null}; what the callee's body does is checked by walking it.
   */
  private String call(String owner, String name, String descriptor, int opcode,
      List<ProvenanceValue> operands) {
    if (owner.startsWith("[")) {
      return null; // clone(), length and Object's methods on an array
    }
    boolean isStatic = opcode == Opcodes.INVOKESTATIC;
    if (JdkMethods.isJdk(owner)) {
      return JdkMethods.check(owner, name, descriptor, isStatic, operands);
    }
    if (isEnumValues(owner, name, descriptor, opcode)) {
      return null;
    }
    ClassFiles.Member<MethodNode> target = classes.method(owner, name, descriptor);
    if (target == null || target.member() == null && !target.inJdk()) {
      return "calls " + JdkMethods.dotted(owner) + "::" + name + ", whose class file cannot be"
          + " read";
    }
    if (target.inJdk()) {
      return JdkMethods.check(target.owner(), name, descriptor, isStatic, operands);
    }
    if ((opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE)
        && !cannotBeOverridden(owner, target)) {
      return "calls " + JdkMethods.dotted(target.owner()) + "::" + name + ", which a subclass"
          + " may override (only static, private and final methods, and methods of final"
          + " classes, are followed)";
    }
    return null;
  }

  private boolean cannotBeOverridden(String owner, ClassFiles.Member<MethodNode> target) {
    int access = target.member().access;
    if ((access & (Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) != 0
        || (target.declaringClass().access & Opcodes.ACC_FINAL) != 0) {
      return true;
    }
    ClassNode called = classes.read(owner);
    return called != null && (called.access & Opcodes.ACC_FINAL) != 0
        && (called.access & Opcodes.ACC_INTERFACE) == 0;
  }

  /** An enum's {@code values()}: javac's copy of the constants, judged without reading it. */
  private boolean isEnumValues(String owner, String name, String descriptor, int opcode) {
    if (opcode != Opcodes.INVOKESTATIC || !name.equals("values")
        || !descriptor.equals("()[L" + owner + ";")) {
      return false;
    }
    ClassNode node = classes.read(owner);
    return node != null && (node.access & Opcodes.ACC_ENUM) != 0;
  }

  private static int invokeOpcode(int handleTag) {
    switch (handleTag) {
      case Opcodes.H_INVOKESTATIC:
        return Opcodes.INVOKESTATIC;
      case Opcodes.H_INVOKEINTERFACE:
        return Opcodes.INVOKEINTERFACE;
      case Opcodes.H_INVOKESPECIAL:
      case Opcodes.H_NEWINVOKESPECIAL:
        return Opcodes.INVOKESPECIAL;
      default:
        return Opcodes.INVOKEVIRTUAL;
    }
  }

  /** The provenance of the value {@code fromTop} entries below the top of the stack. */
  private static Provenance stack(Frame<ProvenanceValue> frame, int fromTop) {
    return frame.getStack(frame.getStackSize() - 1 - fromTop).provenance();
  }

  private static String field(AbstractInsnNode insn) {
    FieldInsnNode field = (FieldInsnNode) insn;
    return JdkMethods.dotted(field.owner) + "." + field.name;
  }

  private static String at(String label, int line) {
    return line > 0 ? label + " (line " + line + ")" : label;
  }

  private static Set<Integer> with(Set<Integer> slots, int slot) {
    Set<Integer> more = new HashSet<>(slots);
    more.add(slot);
    return more;
  }
}
