package dev.overclock.purity;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Class files read as resources of one class loader, parsed once per analysis. Reading a resource
 * neither loads nor initialises the class, so the application sees nothing of it.
 */
final class ClassFiles {

  private final ClassLoader loader;
  private final Map<String, Optional<ClassNode>> parsed = new HashMap<>();

  /** {@code loader}: the defining loader of the method analysed; {@code null} for the bootstrap. */
  ClassFiles(ClassLoader loader) {
    this.loader = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
  }

  /** The class, or {@code null} when its class file cannot be read or parsed. */
  ClassNode read(String internalName) {
    return parsed.computeIfAbsent(internalName, this::parse).orElse(null);
  }

  /** A method as declared by {@code owner} or inherited from a superclass or superinterface. */
  Member<MethodNode> method(String owner, String name, String descriptor) {
    return find(owner, node -> {
      for (MethodNode method : node.methods) {
        if (method.name.equals(name) && method.desc.equals(descriptor)) {
          return method;
        }
      }
      return null;
    });
  }

  /** A field as declared by {@code owner} or a supertype. */
  Member<FieldNode> field(String owner, String name) {
    return find(owner, node -> {
      for (FieldNode field : node.fields) {
        if (field.name.equals(name)) {
          return field;
        }
      }
      return null;
    });
  }

  /**
   * The first declaration {@code declared} finds in {@code owner}, its superinterfaces (default
   * methods, constants) or its superclasses; a JDK class ends the search; {@code null} when a
   * class file on the way cannot be read or nothing is found.
   */
  private <T> Member<T> find(String owner, Function<ClassNode, T> declared) {
    for (int depth = 0; owner != null && depth < 32; depth++) {
      if (JdkMethods.isJdk(owner)) {
        return new Member<>(owner, null, null);
      }
      ClassNode node = read(owner);
      if (node == null) {
        return null;
      }
      T member = declared.apply(node);
      if (member != null) {
        return new Member<>(owner, node, member);
      }
      for (String parent : node.interfaces) {
        Member<T> inherited = find(parent, declared);
        if (inherited != null && inherited.member() != null) {
          return inherited;
        }
      }
      owner = node.superName;
    }
    return null;
  }

  private Optional<ClassNode> parse(String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        return Optional.empty();
      }
      ClassNode node = new ClassNode();
      new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_FRAMES);
      return Optional.of(node);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * A method or field found by name: the class that declares it and the declaration; for one
   * declared in the JDK only {@code owner} is set (the JDK is judged by name, not read).
   */
  record Member<T>(String owner, ClassNode declaringClass, T member) {

    boolean inJdk() {
      return declaringClass == null;
    }
  }
}
