package dev.overclock.purity;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The JDK methods the gate trusts, and why it distrusts the others. The JDK's bytecode is not
 * analysed (it is large, full of native and intrinsic methods, and caches of its own); instead:
 *
 * <ul>
 *   <li>immutable value classes ({@code String}, the boxes, {@code Math}, {@code BigInteger},
 *       {@code java.time} values, {@code Objects}, {@code Optional}, ...): every method, except
 *       the few that read the clock, random numbers, system properties or the default locale;
 *   <li>builders and collections ({@code StringBuilder}, {@code ArrayList}, {@code HashMap},
 *       {@code List}, {@code Iterator}, ...): any method on an object the call created, only the
 *       reading ones on others;
 *   <li>factories of unmodifiable collections ({@code List.of}, {@code Collections.unmodifiable*},
 *       ...), {@code Arrays} helpers that copy or that write into an array the call created, and
 *       {@code System.arraycopy} into such an array;
 *   <li>everything else in the JDK is impure, with the reason named when it is a well-known one
 *       (clock, random numbers, thread-local state, I/O, reflection, synchronization).
 * </ul>
 *
 * <p>Assumed, not checked: {@code equals}, {@code hashCode}, {@code compareTo} and {@code
 * toString} that these methods call on elements and arguments are pure, and a collection typed
 * by a JDK interface is one of the JDK's own implementations.
 */
final class JdkMethods {

  private static final List<String> JDK_PREFIXES =
      List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

  /** Immutable or stateless classes: every method is pure but the {@link #impureMember} ones. */
  private static final Set<String> VALUE_CLASSES = Set.of(
      "java/lang/Object", "java/lang/String", "java/lang/CharSequence", "java/lang/Comparable",
      "java/lang/Math", "java/lang/StrictMath", "java/lang/Number", "java/lang/Integer",
      "java/lang/Long", "java/lang/Short", "java/lang/Byte", "java/lang/Character",
      "java/lang/Boolean", "java/lang/Double", "java/lang/Float", "java/lang/Enum",
      "java/lang/Record", "java/lang/Throwable", "java/util/Objects", "java/util/Optional",
      "java/util/OptionalInt", "java/util/OptionalLong", "java/util/OptionalDouble",
      "java/math/BigInteger", "java/math/BigDecimal", "java/math/MathContext",
      "java/math/RoundingMode", "java/util/UUID", "java/time/LocalDate", "java/time/LocalTime",
      "java/time/LocalDateTime", "java/time/Duration", "java/time/Period", "java/time/Instant",
      "java/time/DayOfWeek", "java/time/Month", "java/time/ZoneOffset",
      "java/nio/charset/StandardCharsets");

  /** Classes whose objects change: any method on one the call created, reading ones on others. */
  private static final Set<String> CONTAINER_CLASSES = Set.of(
      "java/lang/StringBuilder", "java/lang/StringBuffer", "java/lang/AbstractStringBuilder",
      "java/lang/Iterable", "java/util/Collection", "java/util/List", "java/util/Set",
      "java/util/SortedSet", "java/util/NavigableSet", "java/util/Map", "java/util/SortedMap",
      "java/util/NavigableMap", "java/util/Map$Entry", "java/util/Queue", "java/util/Deque",
      "java/util/Iterator", "java/util/ListIterator", "java/util/AbstractCollection",
      "java/util/AbstractList", "java/util/AbstractMap", "java/util/AbstractSet",
      "java/util/ArrayList", "java/util/LinkedList", "java/util/HashMap",
      "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/HashSet",
      "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/ArrayDeque",
      "java/util/PriorityQueue", "java/util/BitSet", "java/util/EnumMap", "java/util/EnumSet");

  /** Methods of {@link #CONTAINER_CLASSES} that change nothing, callable on any object. */
  private static final Set<String> READING = Set.of(
      "get", "size", "isEmpty", "contains", "containsKey", "containsValue", "containsAll",
      "getOrDefault", "indexOf", "lastIndexOf", "equals", "hashCode", "toString", "iterator",
      "listIterator", "first", "last", "firstKey", "lastKey", "peek", "peekFirst", "peekLast",
      "getFirst", "getLast", "charAt", "length", "substring", "subSequence", "getKey", "getValue",
      "toArray", "compareTo", "cardinality", "nextSetBit",
      // An iterator is new on every iterator() call: advancing it changes nothing else (its
      // remove/set/add write through, and count as changes of the collection it came from).
      "hasNext", "next", "hasPrevious", "previous", "nextIndex", "previousIndex");

  /** Methods of value classes that write into an array argument ({@code getChars(.., dst, ..)}). */
  private static final Set<String> FILLING = Set.of("getChars", "toChars", "getBytes");

  /** Factories whose results nobody can change. */
  private static final Set<String> UNMODIFIABLE_FACTORIES = Set.of(
      "java/util/List.of", "java/util/List.copyOf", "java/util/Set.of", "java/util/Set.copyOf",
      "java/util/Map.of", "java/util/Map.copyOf", "java/util/Map.ofEntries", "java/util/Map.entry",
      "java/util/Collections.unmodifiableList", "java/util/Collections.unmodifiableSet",
      "java/util/Collections.unmodifiableMap", "java/util/Collections.unmodifiableCollection",
      "java/util/Collections.unmodifiableSortedSet", "java/util/Collections.unmodifiableSortedMap",
      "java/util/Collections.emptyList", "java/util/Collections.emptySet",
      "java/util/Collections.emptyMap", "java/util/Collections.singletonList",
      "java/util/Collections.singleton", "java/util/Collections.singletonMap",
      "java/util/Collections.nCopies");

  /** {@code Arrays} methods that only read their arguments (or copy them). */
  private static final Set<String> ARRAYS_READING = Set.of(
      "equals", "deepEquals", "hashCode", "deepHashCode", "toString", "deepToString",
      "binarySearch", "copyOf", "copyOfRange", "asList", "compare", "mismatch");

  /** {@code Arrays} methods that write into their first argument. */
  private static final Set<String> ARRAYS_WRITING = Set.of("fill", "sort", "setAll");

  private JdkMethods() {}

  static boolean isJdk(String internalName) {
    for (String prefix : JDK_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why calling this JDK method is impure, or {@code null} if it is allowed.
   *
   * @param arguments the call's operands as the analysis saw them: the receiver first, if any
   */
  static String check(String owner, String name, String descriptor, boolean isStatic,
      List<? extends ProvenanceValue> arguments) {
    String known = impureMember(owner, name, descriptor);
    if (known != null) {
      return known;
    }
    if (FILLING.contains(name) && !ownsArrayArguments(descriptor, isStatic, arguments)) {
      return simple(owner) + "." + name + " into an array not created in the call";
    }
    if (VALUE_CLASSES.contains(owner) || isThrowable(owner)) {
      return null;
    }
    if (CONTAINER_CLASSES.contains(owner)) {
      if (isStatic || name.equals("<init>") || READING.contains(name)
          || arguments.get(0).provenance().owned()) {
        return null;
      }
      return "changes a " + simple(owner) + " not created in the call (" + name + ")";
    }
    String member = owner + "." + name;
    if (UNMODIFIABLE_FACTORIES.contains(member)) {
      return null;
    }
    if (owner.equals("java/util/Arrays")) {
      if (ARRAYS_READING.contains(name)) {
        return null;
      }
      if (ARRAYS_WRITING.contains(name)) {
        return arguments.get(0).provenance().owned()
            ? null : "Arrays." + name + " into an array not created in the call";
      }
    }
    if (member.equals("java/util/Collections.sort")
        || member.equals("java/util/Collections.reverse")) {
      return arguments.get(0).provenance().owned()
          ? null : "Collections." + name + " of a list not created in the call";
    }
    if (member.equals("java/lang/System.arraycopy")) {
      return arguments.get(2).provenance().owned()
          ? null : "System.arraycopy into an array not created in the call";
    }
    return why(owner, name);
  }

  /** The provenance of a call's result (for calls returning a reference). */
  static Provenance resultOf(MethodInsnNode call, List<? extends ProvenanceValue> arguments) {
    String owner = call.owner;
    String name = call.name;
    if (owner.startsWith("[") && name.equals("clone")) {
      return Provenance.FRESH;
    }
    if (call.getOpcode() == Opcodes.INVOKESTATIC && name.equals("values")
        && call.desc.equals("()[L" + owner + ";")) {
      return Provenance.FRESH; // an enum's values(): a copy of its constants each time
    }
    if (!isJdk(owner)) {
      return Provenance.OTHER;
    }
    if (UNMODIFIABLE_FACTORIES.contains(owner + "." + name)) {
      return Provenance.UNMODIFIABLE;
    }
    boolean instance = call.getOpcode() != Opcodes.INVOKESTATIC;
    if (owner.equals("java/util/Arrays")) {
      if (name.equals("copyOf") || name.equals("copyOfRange")) {
        return Provenance.FRESH;
      }
      if (name.equals("asList")) {
        return arguments.get(0).provenance(); // a view of the array
      }
    }
    if (instance && CONTAINER_CLASSES.contains(owner)) {
      if (name.equals("toArray")) {
        return Provenance.FRESH;
      }
      if (name.equals("iterator") || name.equals("listIterator")) {
        // A new iterator, but its remove() changes the receiver: it counts as the receiver.
        return arguments.get(0).provenance();
      }
      Type returned = Type.getReturnType(call.desc);
      if (returned.getInternalName().equals(owner) || name.equals("keySet")
          || name.equals("values") || name.equals("entrySet") || name.equals("subList")) {
        // append(...) returns its receiver; views write through to it.
        return arguments.get(0).provenance();
      }
    }
    if (owner.equals("java/lang/String")
        && (name.equals("toCharArray") || name.equals("getBytes") || name.equals("split"))) {
      return Provenance.FRESH;
    }
    return Provenance.OTHER;
  }

  /** Why reading this JDK static field is impure, or {@code null} if it is a constant. */
  static String checkStatic(String owner, String name) {
    if (owner.equals("java/lang/System")) {
      return "uses System." + name + " (I/O)";
    }
    if (VALUE_CLASSES.contains(owner) || owner.equals("java/util/concurrent/TimeUnit")
        || owner.equals("java/util/Locale") && name.equals("ROOT")
        || owner.equals("java/util/Collections") && name.startsWith("EMPTY_")) {
      return null;
    }
    return "reads static field " + dotted(owner) + "." + name + " of the JDK";
  }

  private static String impureMember(String owner, String name, String descriptor) {
    if (name.equals("random") && (owner.equals("java/lang/Math")
        || owner.equals("java/lang/StrictMath")) || name.equals("randomUUID")
        || name.equals("probablePrime") || descriptor.contains("Ljava/util/Random;")) {
      return "uses random numbers (" + simple(owner) + "." + name + ")";
    }
    if (name.equals("now") && owner.startsWith("java/time/")) {
      return "reads the clock (" + simple(owner) + ".now)";
    }
    if (name.equals("getInteger") || name.equals("getLong") || name.equals("getBoolean")) {
      return "reads a system property (" + simple(owner) + "." + name + ")";
    }
    if (owner.equals("java/lang/String") && (name.equals("format") || name.equals("formatted")
        || descriptor.equals("()Ljava/lang/String;")
            && (name.equals("toLowerCase") || name.equals("toUpperCase"))
        || name.equals("getBytes") && descriptor.equals("()[B"))) {
      return "depends on the default locale or charset (String." + name + ")";
    }
    if (member(owner, name).equals("java/lang/System.identityHashCode")) {
      return "identity hash (System.identityHashCode): equal arguments have different identities";
    }
    if ((owner.equals("java/lang/Throwable") || isThrowable(owner))
        && name.equals("printStackTrace")) {
      return "prints a stack trace (" + simple(owner) + ".printStackTrace: I/O)";
    }
    if ((owner.equals("java/lang/Throwable") || isThrowable(owner))
        && name.equals("getStackTrace")) {
      return "reads the call stack (" + simple(owner) + ".getStackTrace: depends on the caller)";
    }
    if (name.equals("wait") || name.equals("notify") || name.equals("notifyAll")) {
      return "synchronization (Object." + name + ")";
    }
    if (descriptor.startsWith("(Ljava/lang/Object;)") && (name.equals("append")
        || name.equals("valueOf") && owner.equals("java/lang/String"))
        || owner.equals("java/util/Objects") && name.equals("toString")) {
      return "calls toString() of an object of unknown class (" + simple(owner) + "." + name + ")";
    }
    return null;
  }

  private static String member(String owner, String name) {
    return owner + "." + name;
  }

  private static boolean ownsArrayArguments(
      String descriptor, boolean isStatic, List<? extends ProvenanceValue> arguments) {
    Type[] parameters = Type.getArgumentTypes(descriptor);
    int first = isStatic ? 0 : 1;
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].getSort() == Type.ARRAY
          && !arguments.get(first + i).provenance().owned()) {
        return false;
      }
    }
    return true;
  }

  /** The reason a JDK method off the list is impure: the well-known ones by name. */
  private static String why(String owner, String name) {
    String method = simple(owner) + "." + name;
    if (owner.equals("java/lang/System")
        && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
        || owner.equals("java/time/Clock") || owner.equals("java/time/InstantSource")) {
      return "reads the clock (" + method + ")";
    }
    if (owner.equals("java/util/Random") || owner.equals("java/util/SplittableRandom")
        || owner.equals("java/util/concurrent/ThreadLocalRandom")
        || owner.equals("java/security/SecureRandom") || owner.startsWith("java/util/random/")) {
      return "uses random numbers (" + method + ")";
    }
    if (owner.equals("java/lang/ThreadLocal") || owner.equals("java/lang/InheritableThreadLocal")) {
      return "uses thread-local state (" + method + ")";
    }
    if (owner.startsWith("java/io/") || owner.startsWith("java/nio/")
        || owner.startsWith("java/net/") || owner.equals("java/lang/System")
        || owner.equals("java/lang/Runtime") || owner.startsWith("java/lang/Process")) {
      return "does I/O or reads the process environment (" + method + ")";
    }
    if (owner.startsWith("java/lang/reflect/") || owner.startsWith("java/lang/invoke/")
        || owner.equals("java/lang/Class") || owner.equals("java/lang/ClassLoader")) {
      return "uses reflection (" + method + ")";
    }
    if (owner.startsWith("java/util/concurrent/") || owner.equals("java/lang/Thread")) {
      return "synchronization or shared concurrent state (" + method + ")";
    }
    return "calls " + dotted(owner) + "::" + name
        + ", a JDK method not on the list of side-effect-free ones";
  }

  private static boolean isThrowable(String owner) {
    return owner.startsWith("java/")
        && (owner.endsWith("Exception") || owner.endsWith("Error"));
  }

  static String dotted(String internalName) {
    return internalName.replace('/', '.');
  }

  private static String simple(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }
}
