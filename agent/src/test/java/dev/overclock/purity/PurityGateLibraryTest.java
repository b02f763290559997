package dev.overclock.purity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The gate on real library code it was not written for: it must answer for every method (never
 * throw, always with a reason), give the same answer twice, and never load a class to answer.
 */
class PurityGateLibraryTest {

  @Test
  void everyMethodOfARealLibrary_getsAVerdictWithAReason() throws Exception {
    PurityGate gate = new PurityGate();
    ClassLoader loader = Histogram.class.getClassLoader();
    int pure = 0;
    List<String> refused = new ArrayList<>();
    for (ClassNode type : classesOf(Histogram.class)) {
      for (MethodNode method : type.methods) {
        String className = type.name.replace('/', '.');
        Verdict verdict = gate.check(loader, className, method.name, method.desc);
        if ((pure + refused.size()) % 10 == 0) { // a tenth: each verdict reads up to 200 bodies
          assertThat(gate.check(loader, className, method.name, method.desc))
              .as("the same verdict twice").isEqualTo(verdict);
        }
        if (verdict.pure()) {
          pure++;
        } else {
          assertThat(verdict.location()).as(className + "::" + method.name).isNotBlank();
          assertThat(verdict.violation()).as(className + "::" + method.name).isNotBlank();
          refused.add(verdict.reason());
        }
        assertThat(verdict.methodsRead()).isLessThanOrEqualTo(PurityGate.DEFAULT_MAX_METHODS);
      }
    }
    assertThat(pure).as("some HdrHistogram methods are pure (static helpers)").isPositive();
    assertThat(refused).as("and most are not: histograms change")
        .hasSizeGreaterThan(pure)
        .anySatisfy(reason -> assertThat(reason).contains("writes field"));
  }

  @Test
  void answering_loadsNoClass() {
    List<String> loaded = new ArrayList<>();
    ClassLoader parent = PurityGateLibraryTest.class.getClassLoader();
    ClassLoader watching = new ClassLoader(null) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) {
        loaded.add(name);
        throw new AssertionError("the gate loaded " + name);
      }

      @Override
      public InputStream getResourceAsStream(String name) {
        return parent.getResourceAsStream(name);
      }
    };

    Verdict verdict = new PurityGate().check(watching, PurityFixtures.Records.class.getName(),
        "manhattan", "(L" + PurityFixtures.Point.class.getName().replace('.', '/') + ";)I");

    assertThat(verdict.pure()).as(verdict.reason()).isTrue();
    assertThat(loaded).isEmpty();
  }

  /** Every class file in the jar (or directory) {@code member} was loaded from. */
  private static List<ClassNode> classesOf(Class<?> member) throws IOException, URISyntaxException {
    Path jar = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<ClassNode> classes = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (!entry.getName().endsWith(".class") || entry.getName().contains("-info")
            || entry.getName().startsWith("META-INF/")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          ClassNode node = new ClassNode();
          new ClassReader(in).accept(node, ClassReader.SKIP_CODE);
          if ((node.access & Opcodes.ACC_MODULE) == 0) {
            classes.add(node);
          }
        }
      }
    }
    assertThat(classes).as("classes in " + jar).hasSizeGreaterThan(10);
    return classes;
  }
}
