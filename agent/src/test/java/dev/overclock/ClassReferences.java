package dev.overclock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The types compiled classes of the agent mention, read with ASM: in signatures, instructions,
 * constants and annotations, so a fully qualified name in code counts as much as an import. For
 * the tests that check what a package may use ({@code PackageCycleTest}, {@code
 * BootstrapPurityTest}).
 */
public final class ClassReferences {

  private ClassReferences() {}

  /** {@code target/classes}: where the agent's main classes were loaded from. */
  public static Path mainClasses() {
    try {
      return Path.of(dev.overclock.bootstrap.Dispatcher.class.getProtectionDomain()
          .getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The internal names ({@code java/util/List}) of every type the class file mentions. */
  public static Set<String> of(Path classFile) {
    Set<String> names = new TreeSet<>();
    Remapper recorder = new Remapper() {
      @Override
      public String map(String internalName) {
        names.add(internalName);
        return internalName;
      }
    };
    try (InputStream in = Files.newInputStream(classFile)) {
      // A writer as the sink: ClassRemapper only walks a method's, field's or annotation's
      // contents (instructions included) when the visitor behind it asks for them, which a
      // writer always does; an empty ClassVisitor saw signatures only.
      new ClassReader(in).accept(new ClassRemapper(new ClassWriter(0), recorder), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
