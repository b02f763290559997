package dev.overclock.instrument;

import dev.overclock.select.MethodInfo;
import dev.overclock.select.MethodShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What selection needs to know about a class, read straight from its class file with ASM
 * (skipping code): its name and annotations, and each method's name, descriptor, modifiers and
 * annotations.
 *
 * <p>Annotations are taken as the class file names them, without resolving their types: an
 * application may compile against {@code overclock-annotations} and leave the jar off its run
 * time class path (the annotation does nothing without the agent), and the agent must still see
 * {@code @Timed}. Byte Buddy's type pool would drop an annotation whose type it cannot find.
 */
public final class ClassScan {

  /**
   * One declared method.
   *
   * @param attributes the simple attribute values (numbers, strings, booleans) of the method's
   *     annotations, by annotation binary name and attribute name; attributes left at their
   *     default are absent, as in the class file
   * @param classAttributes the same, of the declaring class's annotations
   */
  public record Method(
      String name,
      String descriptor,
      int access,
      Set<String> annotations,
      Map<String, Map<String, Object>> attributes,
      Map<String, Map<String, Object>> classAttributes) {

    /** Name and descriptor, unique within the class: {@code quote(Ljava/lang/String;I)J}. */
    String key() {
      return name + descriptor;
    }

    boolean is(int flag) {
      return (access & flag) != 0;
    }

    /** Whether advice can wrap this method at all: a real method with a body of its own. */
    boolean isAdvisable() {
      return !name.startsWith("<")
          && !is(Opcodes.ACC_ABSTRACT)
          && !is(Opcodes.ACC_NATIVE)
          && !is(Opcodes.ACC_SYNTHETIC)
          && !is(Opcodes.ACC_BRIDGE);
    }

    /** Whether this is a constructor ({@code <init>}). */
    public boolean isConstructor() {
      return name.equals("<init>");
    }

    /** The attribute values of one annotation on this method; empty when absent or defaulted. */
    public Map<String, Object> attributes(String annotation) {
      return attributes.getOrDefault(annotation, Map.of());
    }

    /**
     * A boolean attribute of an annotation, on the method or else on its class ({@code
     * @Timed(exact = true)} on a type applies to each of its methods); false when absent.
     */
    public boolean flag(String annotation, String attribute) {
      Object own = attributes(annotation).get(attribute);
      if (own instanceof Boolean) {
        return (Boolean) own;
      }
      return Boolean.TRUE.equals(
          classAttributes.getOrDefault(annotation, Map.of()).get(attribute));
    }

    /** The return type, as ASM describes it. */
    public Type returnType() {
      return Type.getReturnType(descriptor);
    }
  }

  final String className;
  final int access;
  final Set<String> annotations = new HashSet<>();
  /** Simple attribute values of the class's annotations, as {@link Method#attributes}. */
  final Map<String, Map<String, Object>> classAttributes = new HashMap<>(2);
  final List<Method> methods = new ArrayList<>();

  private ClassScan(String className, int access) {
    this.className = className;
    this.access = access;
  }

  boolean isAnnotationType() {
    return (access & Opcodes.ACC_ANNOTATION) != 0;
  }

  /** The selector's view of one method. */
  MethodInfo info(Method method) {
    return new MethodInfo(
        className, method.name(), method.descriptor(), method.annotations(), annotations);
  }

  /** Reads the class file; throws if ASM cannot read it (too new a class file version, say). */
  static ClassScan of(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassScan scan = new ClassScan(reader.getClassName().replace('/', '.'), reader.getAccess());
    reader.accept(
        scan.new Visitor(),
        ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return scan;
  }

  /** Reads the code of one method from a class file (no class is loaded). */
  public static MethodShape shape(byte[] classFile, String methodName, String descriptor) {
    ClassReader reader = new ClassReader(classFile);
    MethodShape[] found = {MethodShape.MISSING};
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(
          int access, String name, String desc, String signature, String[] exceptions) {
        if (!name.equals(methodName) || !desc.equals(descriptor)) {
          return null;
        }
        return new ShapeVisitor(access, shape -> found[0] = shape);
      }
    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }

  /**
   * Counts instructions, backward jumps and calls of one method body, and notes the calls made
   * inside a loop: between the target of a backward jump and the jump (in code order; a loop's
   * body is laid out there by javac and other compilers).
   */
  private static final class ShapeVisitor extends MethodVisitor {
    private final int access;
    private final Consumer<MethodShape> result;
    // Where each label was passed, in instructions, and each call made so far, for loopCalls.
    private final Map<Label, Integer> labelAt = new HashMap<>();
    private final List<String> callKeys = new ArrayList<>();
    private final List<Integer> callAt = new ArrayList<>();
    private final Set<String> loopCalls = new HashSet<>();
    private int instructions;
    private boolean loops;
    private boolean calls;

    ShapeVisitor(int access, Consumer<MethodShape> result) {
      super(Opcodes.ASM9);
      this.access = access;
      this.result = result;
    }

    @Override
    public void visitLabel(Label label) {
      labelAt.put(label, instructions);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      instructions++;
      backwards(label);
    }

    /** A jump to {@code label}: a loop when the label was passed already (it goes backwards). */
    private void backwards(Label label) {
      Integer start = labelAt.get(label);
      if (start == null) {
        return;
      }
      loops = true;
      for (int i = callAt.size() - 1; i >= 0 && callAt.get(i) >= start; i--) {
        loopCalls.add(callKeys.get(i));
      }
    }

    @Override
    public void visitTableSwitchInsn(
        int min, int max, Label dflt, Label... labels) {
      instructions++;
      backwards(dflt);
      for (Label label : labels) {
        backwards(label);
      }
    }

    @Override
    public void visitLookupSwitchInsn(
        Label dflt, int[] keys, Label[] labels) {
      instructions++;
      backwards(dflt);
      for (Label label : labels) {
        backwards(label);
      }
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      callKeys.add(owner.replace('/', '.') + "::" + name + descriptor);
      callAt.add(instructions); // its index: a label passed before it has this one or less
      instructions++;
      calls = true;
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      instructions++;
      calls = true;
    }

    @Override
    public void visitInsn(int opcode) {
      instructions++;
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      instructions++;
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      instructions++;
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      instructions++;
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      instructions++;
    }

    @Override
    public void visitLdcInsn(Object value) {
      instructions++;
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      instructions++;
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      instructions++;
      calls = true; // may allocate a large array: not a trivial leaf
    }

    @Override
    public void visitEnd() {
      result.accept(new MethodShape(true, access, instructions, loops, calls, loopCalls));
    }
  }

  private static String binaryName(String descriptor) {
    return Type.getType(descriptor).getClassName();
  }

  private final class Visitor extends ClassVisitor {
    Visitor() {
      super(Opcodes.ASM9);
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      String type = binaryName(descriptor);
      annotations.add(type);
      return attributeReader(type, classAttributes);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      Set<String> methodAnnotations = new HashSet<>(2);
      Map<String, Map<String, Object>> attributes = new HashMap<>(2);
      methods.add(
          new Method(name, descriptor, access, methodAnnotations, attributes, classAttributes));
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          String type = binaryName(annotation);
          methodAnnotations.add(type);
          return attributeReader(type, attributes);
        }
      };
    }

    /** Keeps the simple attribute values of one annotation: what the agent's own ones use. */
    private AnnotationVisitor attributeReader(
        String type, Map<String, Map<String, Object>> attributes) {
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public void visit(String attribute, Object value) {
          if (attribute != null && !value.getClass().isArray()) {
            Map<String, Object> values = attributes.get(type); // no lambda: read at the launch
            if (values == null) {
              values = new HashMap<>(4);
              attributes.put(type, values);
            }
            values.put(attribute, value);
          }
        }
      };
    }
  }
}
