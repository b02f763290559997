package dev.overclock.instrument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites a class with ASM alone, one layer of advice per weaving, instead of Byte Buddy's
 * {@code Advice}, which loads about 900 of its classes and runs them interpreted the first time
 * (0.1-0.3 s of the loading thread for the first class it weaves: the application's start pays
 * it). The layers: {@link DirectOffloadWeave}, {@link DirectTimingWeave}, {@link
 * DirectArgumentsWeave} (argument sampling) and {@link DirectMemoWeave}, in the order the agent
 * gives its weavings; a class file older than Java 7 still goes through Byte Buddy, as does a
 * class this throws for.
 *
 * <h2>Layers</h2>
 *
 * Byte Buddy applies a class's weavings in their order, the first outermost; so does this: each
 * layer rewrites the method as it finds it, the code already there (the original body, or it with
 * the inner layers' advice) being the body it wraps. A layer adds its locals after every local the
 * method has so far ({@link MethodNode#maxLocals}, which each layer raises past its own), and
 * appends those it needs after the body to every stack map frame of that body. Nothing is computed
 * from the class hierarchy (that would load classes inside the transformer): the class file's own
 * frames (Java 7+) are extended; the blocks a layer adds declare what they hold.
 */
final class DirectWeave {

  static final String DISPATCHER = "dev/overclock/bootstrap/Dispatcher";
  static final String THROWABLE = "java/lang/Throwable";
  static final String OBJECT = "java/lang/Object";

  /** One weaving's advice, as this weave writes it. */
  interface Layer {
    /** The methods ({@code name + descriptor}) it wraps. */
    Set<String> methodKeys();

    /** Rewrites the method in place around the code it holds; returns the method's id. */
    int wrap(Target target);
  }

  /** A method being rewritten, in its class. */
  record Target(String owner, int classVersion, String key, MethodNode method) {}

  /** A rewritten class and, per layer in the order given, the ids of the methods it wrapped. */
  record Result(byte[] classFile, List<List<Integer>> ids) {}

  private DirectWeave() {}

  /**
   * Whether this weave can rewrite these methods of this class: a Java 7+ class file (its
   * frames are all there), no constructor among them (whose {@code this} is uninitialised until
   * its super call).
   */
  static boolean applies(byte[] classFile, Set<String> methodKeys) {
    if (classFile.length < 8 || majorVersion(classFile) < Opcodes.V1_7) {
      return false;
    }
    for (String key : methodKeys) {
      if (key.startsWith("<")) {
        return false;
      }
    }
    return true;
  }

  static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  /**
   * The class with each layer's advice in its methods, {@code outermostFirst}. Throws what ASM
   * or a layer throws (a method grown over 64 KB, a malformed class file): the caller falls back
   * to Byte Buddy, which knows how to leave a too-large method out.
   */
  static Result weave(byte[] classFile, List<? extends Layer> outermostFirst) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    String owner = reader.getClassName();
    int version = majorVersion(classFile);
    Set<String> wanted = new HashSet<>();
    List<List<Integer>> ids = new ArrayList<>();
    for (Layer layer : outermostFirst) {
      wanted.addAll(layer.methodKeys());
      ids.add(new ArrayList<>());
    }
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        MethodVisitor out = super.visitMethod(access, name, descriptor, signature, exceptions);
        String key = name + descriptor;
        if (!wanted.contains(key) || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
          return out;
        }
        return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
          @Override
          public void visitEnd() {
            // innermost first: each layer wraps what the ones after it wrote
            for (int i = outermostFirst.size() - 1; i >= 0; i--) {
              Layer layer = outermostFirst.get(i);
              if (layer.methodKeys().contains(key)) {
                ids.get(i).add(layer.wrap(new Target(owner, version, key, this)));
              }
            }
            accept(out);
          }
        };
      }
    }, ClassReader.EXPAND_FRAMES);
    List<List<Integer>> frozen = new ArrayList<>();
    for (List<Integer> list : ids) { // a loop: a lambda's linking costs the launch
      frozen.add(List.copyOf(list));
    }
    return new Result(writer.toByteArray(), List.copyOf(frozen));
  }

  // ---- helpers the layers share ----

  static boolean isReturn(int opcode) {
    return opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN;
  }

  /** The locals on entry: {@code this} unless static, then the parameters. */
  static List<Object> entryLocals(String owner, MethodNode method) {
    List<Object> locals = new ArrayList<>();
    if (!isStatic(method)) {
      locals.add(owner);
    }
    for (Type parameter : Type.getArgumentTypes(method.desc)) {
      locals.add(frameType(parameter));
    }
    return locals;
  }

  static boolean isStatic(MethodNode method) {
    return (method.access & Opcodes.ACC_STATIC) != 0;
  }

  /** How a stack map frame names a value of this type. */
  static Object frameType(Type type) {
    return switch (type.getSort()) {
      case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
      case Type.FLOAT -> Opcodes.FLOAT;
      case Type.LONG -> Opcodes.LONG;
      case Type.DOUBLE -> Opcodes.DOUBLE;
      case Type.ARRAY -> type.getDescriptor();
      default -> type.getInternalName();
    };
  }

  /** The frame's locals, padded with {@code TOP} to {@code base} slots, then {@code added}. */
  static List<Object> extend(List<Object> locals, int base, List<Object> added) {
    List<Object> all = locals == null ? new ArrayList<>() : new ArrayList<>(locals);
    all.addAll(tops(base - slots(all)));
    all.addAll(added);
    return all;
  }

  /** {@code entry} padded with {@code TOP} to {@code base} slots, then {@code added}. */
  static List<Object> atBase(List<Object> entry, int base, Object... added) {
    return extend(entry, base, List.of(added));
  }

  /** Slots taken by frame locals (a long or a double is one entry, two slots). */
  static int slots(List<Object> locals) {
    int slots = 0;
    for (Object local : locals) {
      slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
    }
    return slots;
  }

  static List<Object> tops(int count) {
    List<Object> tops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tops.add(Opcodes.TOP);
    }
    return tops;
  }

  /** Appends {@code added} to every frame of the code the method holds so far. */
  static void extendFrames(MethodNode method, int base, List<Object> added) {
    for (AbstractInsnNode node = method.instructions.getFirst(); node != null;
        node = node.getNext()) {
      if (node instanceof FrameNode frame) {
        frame.local = extend(frame.local, base, added);
      }
    }
  }

  /** An expanded frame with these locals and an empty stack, or one value on it. */
  static FrameNode frame(List<Object> locals, Object onStack) {
    return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(),
        onStack == null ? 0 : 1, onStack == null ? new Object[0] : new Object[] {onStack});
  }

  /** Pushes local {@code slot} of {@code type}, boxed if primitive. */
  static void loadBoxed(InsnList code, Type type, int slot) {
    code.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), slot));
    Type boxed = boxedType(type);
    if (boxed != null) {
      code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
          Type.getMethodDescriptor(boxed, type), false));
    }
  }

  /** Turns the {@code Object} on the stack into a value of {@code type}: unboxed, or cast. */
  static void unboxOrCast(InsnList code, Type type) {
    Type boxed = boxedType(type);
    if (boxed != null) {
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, boxed.getInternalName()));
      code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(),
          type.getClassName() + "Value", Type.getMethodDescriptor(type), false));
    } else if (!type.getDescriptor().equals("Ljava/lang/Object;")) {
      code.add(new TypeInsnNode(Opcodes.CHECKCAST,
          type.getSort() == Type.ARRAY ? type.getDescriptor() : type.getInternalName()));
    }
  }

  /** Pushes the default value of {@code type} (0, false, {@code null}). */
  static void pushDefault(InsnList code, Type type) {
    code.add(new InsnNode(switch (type.getSort()) {
      case Type.LONG -> Opcodes.LCONST_0;
      case Type.FLOAT -> Opcodes.FCONST_0;
      case Type.DOUBLE -> Opcodes.DCONST_0;
      case Type.OBJECT, Type.ARRAY -> Opcodes.ACONST_NULL;
      default -> Opcodes.ICONST_0;
    }));
  }

  /** The wrapper class of a primitive type; {@code null} for a reference type. */
  static Type boxedType(Type type) {
    return switch (type.getSort()) {
      case Type.BOOLEAN -> Type.getType(Boolean.class);
      case Type.BYTE -> Type.getType(Byte.class);
      case Type.CHAR -> Type.getType(Character.class);
      case Type.SHORT -> Type.getType(Short.class);
      case Type.INT -> Type.getType(Integer.class);
      case Type.FLOAT -> Type.getType(Float.class);
      case Type.LONG -> Type.getType(Long.class);
      case Type.DOUBLE -> Type.getType(Double.class);
      default -> null;
    };
  }

  /** Pushes an {@code Object[]} of the method's parameters, primitives boxed. */
  static void argumentArray(InsnList code, MethodNode method) {
    Type[] parameters = Type.getArgumentTypes(method.desc);
    code.add(new org.objectweb.asm.tree.LdcInsnNode(parameters.length));
    code.add(new TypeInsnNode(Opcodes.ANEWARRAY, OBJECT));
    int slot = isStatic(method) ? 0 : 1;
    for (int i = 0; i < parameters.length; i++) {
      code.add(new InsnNode(Opcodes.DUP));
      code.add(new org.objectweb.asm.tree.LdcInsnNode(i));
      loadBoxed(code, parameters[i], slot);
      code.add(new InsnNode(Opcodes.AASTORE));
      slot += parameters[i].getSize();
    }
  }

  /** Slot of parameter {@code index}. */
  static int parameterSlot(MethodNode method, int index) {
    Type[] parameters = Type.getArgumentTypes(method.desc);
    int slot = isStatic(method) ? 0 : 1;
    for (int i = 0; i < index; i++) {
      slot += parameters[i].getSize();
    }
    return slot;
  }

  /** Pushes the receiver, or {@code null} for a static method. */
  static void receiver(InsnList code, MethodNode method) {
    code.add(isStatic(method)
        ? new InsnNode(Opcodes.ACONST_NULL)
        : new VarInsnNode(Opcodes.ALOAD, 0));
  }
}
