package dev.overclock.purity;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which types are safe to cache by: immutable (nobody can change a value after the fact, so a
 * result can be shared and a final field of the type read) and value-like (immutable with value
 * equality, so equal arguments make equal keys).
 *
 * <p>Immutable: primitives, {@code String}, the boxes, {@code BigInteger}, {@code BigDecimal},
 * {@code UUID} and the {@code java.time} values; enums without changeable fields; records and
 * final classes whose instance fields are all final and immutable. Value-like: those, where a
 * class that is neither a record nor an enum also declares {@code equals} and {@code hashCode}.
 */
final class ValueTypes {

  private static final Set<String> JDK_IMMUTABLE = Set.of(
      "java/lang/String", "java/lang/Integer", "java/lang/Long", "java/lang/Short",
      "java/lang/Byte", "java/lang/Character", "java/lang/Boolean", "java/lang/Double",
      "java/lang/Float", "java/math/BigInteger", "java/math/BigDecimal", "java/util/UUID",
      "java/time/LocalDate", "java/time/LocalTime", "java/time/LocalDateTime", "java/time/Instant",
      "java/time/Duration", "java/time/Period", "java/time/ZoneOffset", "java/time/DayOfWeek",
      "java/time/Month");

  private static final Set<String> BOXES = Set.of(
      "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
      "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float");

  /** Collection types a method may return when every value it returns is unmodifiable. */
  private static final Set<String> COLLECTION_INTERFACES = Set.of(
      "java/util/List", "java/util/Set", "java/util/Map", "java/util/Collection");

  private static final int MAX_DEPTH = 4;

  private final ClassFiles classes;

  ValueTypes(ClassFiles classes) {
    this.classes = classes;
  }

  /** Why {@code type} does not make a cache key by value, or {@code null} if it does. */
  String whyNotValueLike(Type type) {
    String mutable = whyMutable(type);
    if (mutable != null) {
      return mutable;
    }
    if (type.getSort() != Type.OBJECT || JDK_IMMUTABLE.contains(type.getInternalName())) {
      return null;
    }
    ClassNode node = classes.read(type.getInternalName());
    if (isRecord(node) || (node.access & Opcodes.ACC_ENUM) != 0) {
      return null; // records compare their components; an enum constant is its own value
    }
    if (declares(node, "equals", "(Ljava/lang/Object;)Z")
        && declares(node, "hashCode", "()I")) {
      return null;
    }
    return name(type) + " does not declare equals and hashCode (arguments would match by identity)";
  }

  /** Why a value of {@code type} could change after the fact, or {@code null} if it cannot. */
  String whyMutable(Type type) {
    return whyMutable(type, 0, new HashSet<>());
  }

  /** Whether {@code internalName} is one of the eight boxes of primitive values. */
  static boolean isBox(String internalName) {
    return BOXES.contains(internalName);
  }

  static boolean isCollectionInterface(Type type) {
    return type.getSort() == Type.OBJECT && COLLECTION_INTERFACES.contains(type.getInternalName());
  }

  static String name(Type type) {
    return type.getClassName();
  }

  private String whyMutable(Type type, int depth, Set<String> inProgress) {
    if (type.getSort() == Type.ARRAY) {
      return name(type) + " is an array (its elements can be changed)";
    }
    if (type.getSort() != Type.OBJECT) {
      return null;
    }
    String internal = type.getInternalName();
    if (JDK_IMMUTABLE.contains(internal) || !inProgress.add(internal)) {
      return null; // known, or being checked further up (a recursive type)
    }
    if (JdkMethods.isJdk(internal)) {
      return name(type) + " is not known to be immutable";
    }
    if (depth > MAX_DEPTH) {
      return name(type) + " nests value types too deeply to check";
    }
    ClassNode node = classes.read(internal);
    if (node == null) {
      return "the class file of " + name(type) + " cannot be read";
    }
    boolean isEnum = (node.access & Opcodes.ACC_ENUM) != 0;
    if (!isEnum && (node.access & Opcodes.ACC_FINAL) == 0) {
      return name(type) + " is not final (a subclass could be mutable)";
    }
    if ((node.access & Opcodes.ACC_INTERFACE) != 0 || !isEnum && !isRecord(node)
        && !node.superName.equals("java/lang/Object")) {
      return name(type) + " extends " + node.superName.replace('/', '.')
          + ", whose fields are not checked";
    }
    for (FieldNode field : node.fields) {
      if ((field.access & Opcodes.ACC_STATIC) != 0) {
        continue;
      }
      if ((field.access & Opcodes.ACC_FINAL) == 0) {
        return name(type) + " has a non-final field " + field.name;
      }
      String inner = whyMutable(Type.getType(field.desc), depth + 1, inProgress);
      if (inner != null) {
        return name(type) + "." + field.name + ": " + inner;
      }
    }
    return null;
  }

  private static boolean isRecord(ClassNode node) {
    return node != null && "java/lang/Record".equals(node.superName);
  }

  private static boolean declares(ClassNode node, String name, String descriptor) {
    for (MethodNode method : node.methods) {
      if (method.name.equals(name) && method.desc.equals(descriptor)) {
        return true;
      }
    }
    return false;
  }
}
