package dev.overclock.agent;

import dev.overclock.config.Config;
import dev.overclock.config.EditDistance;
import dev.overclock.select.MethodFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Names the filters that select nothing, the way a compiler warns about an unused suppression:
 * a misspelt {@code timed=com.acme.Pricing::qoute} would otherwise leave a user waiting for
 * figures that never come.
 *
 * <p>Two checks. At start, a filter naming a method of a class that the class path holds is
 * checked against the methods that class file declares (read with ASM, code skipped): when the
 * name is not among them, the warning comes at once, with the nearest declared name. (A class the class path does
 * not hold may still come from another loader, a fat jar's for one, so that proves nothing.)
 * Later, in every report and at exit, the filters that have not selected a method of any class
 * loaded so far are listed.
 */
final class UnmatchedFilters {

  private UnmatchedFilters() {}

  /** The start-time warnings for the filters of every feature that is on. */
  static List<String> atStart(Config config, ClassLoader loader) {
    List<String> warnings = new ArrayList<>();
    if (config.timing().on()) {
      warnings.addAll(atStart("timed", config.timing().filters(), loader));
    }
    if (config.memo().on()) {
      warnings.addAll(atStart("memoize", config.memo().filters(), loader));
    }
    if (config.offload().on()) {
      warnings.addAll(atStart("offload", config.offload().filters(), loader));
    }
    return warnings;
  }

  /**
   * One line per filter, of every feature that is on, that has selected no method so far; none
   * for a filter that a line of {@code known} already names.
   */
  static List<String> sinceStart(Config config, List<String> known) {
    List<String> lines = new ArrayList<>();
    if (config.timing().on()) {
      lines.addAll(sinceStart("timed", config.timing().filters()));
    }
    if (config.memo().on()) {
      lines.addAll(sinceStart("memoize", config.memo().filters()));
    }
    if (config.offload().on()) {
      lines.addAll(sinceStart("offload", config.offload().filters()));
    }
    lines.removeIf(line -> known.stream().anyMatch(
        other -> other.startsWith(line.substring(0, line.indexOf(" has selected")) + " ")));
    return lines;
  }

  /** Warnings for filters naming a method that the named class, as the class path has it, lacks. */
  static List<String> atStart(String option, List<MethodFilter> filters, ClassLoader loader) {
    List<String> warnings = new ArrayList<>();
    for (MethodFilter filter : filters) {
      if (filter.kind() != MethodFilter.Kind.METHOD) {
        continue;
      }
      byte[] classFile = read(loader, filter.namedClass());
      Set<String> declared = classFile == null ? Set.of() : declaredMethods(classFile);
      if (!declared.isEmpty() && !declared.contains(filter.namedMethod())) {
        String nearest = nearest(filter.namedMethod(), declared);
        warnings.add(option + " filter " + filter + " selects nothing: class "
            + filter.namedClass() + " declares no method " + filter.namedMethod()
            + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
      }
    }
    return warnings;
  }

  /** One line per filter that has selected no method so far. */
  static List<String> sinceStart(String option, List<MethodFilter> filters) {
    List<String> lines = new ArrayList<>();
    for (MethodFilter filter : filters) {
      if (!filter.hasMatched()) {
        lines.add(option + " filter " + filter + " has selected no method of the classes loaded"
            + " so far (check the class and method names)");
      }
    }
    return lines;
  }

  private static byte[] read(ClassLoader loader, String className) {
    if (loader == null || className == null) {
      return null;
    }
    try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The names of the methods a class file declares; empty when it cannot be read. */
  static Set<String> declaredMethods(byte[] classFile) {
    Set<String> names = new TreeSet<>();
    try {
      new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
            String signature, String[] exceptions) {
          names.add(name);
          return null;
        }
      }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    } catch (RuntimeException e) {
      return Set.of(); // not a class file this ASM reads: prove nothing
    }
    return names;
  }

  /** The declared name closest to a misspelt one (at most two edits away), or null. */
  static String nearest(String name, Set<String> candidates) {
    return EditDistance.nearest(name, candidates, 2);
  }
}
