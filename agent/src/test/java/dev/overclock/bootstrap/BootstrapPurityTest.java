package dev.overclock.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.ClassReferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bridge is loaded by the bootstrap class loader, which sees only the JDK: a reference from
 * it to any other class (agent, library) would fail at run time in an application. Every type
 * name the compiled classes mention — in signatures, instructions, annotations, constants — must
 * be a {@code java/} type or a bridge type.
 */
class BootstrapPurityTest {

  @Test
  void bridgeClasses_referenceOnlyJdkAndBridgeTypes() throws IOException {
    List<Path> classFiles = bridgeClassFiles();
    assertThat(classFiles).isNotEmpty();

    Set<String> foreign = new TreeSet<>();
    for (Path file : classFiles) {
      for (String name : ClassReferences.of(file)) {
        if (!name.startsWith("java/") && !name.startsWith("dev/overclock/bootstrap/")) {
          foreign.add(file.getFileName() + " -> " + name);
        }
      }
    }

    assertThat(foreign).isEmpty();
  }

  @Test
  void check_wouldCatchAForeignReference() throws IOException {
    // The test above is only worth something if the scan sees references: the bridge does use
    // java.util.concurrent.atomic, which must show up.
    Set<String> all = new TreeSet<>();
    for (Path file : bridgeClassFiles()) {
      all.addAll(ClassReferences.of(file));
    }
    assertThat(all).contains("java/util/concurrent/atomic/AtomicLong", "dev/overclock/bootstrap/TimingSink");
  }

  private static List<Path> bridgeClassFiles() throws IOException {
    Path dir = ClassReferences.mainClasses().resolve("dev/overclock/bootstrap");
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".class")).toList();
    }
  }
}
