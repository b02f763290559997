package dev.overclock.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import dev.overclock.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A recording whose class and method names were crafted by whoever made it: the JVM accepts
 * {@code \r}, {@code =} and escape characters in names, so a hot method named that way reaches
 * {@code analyze}. Its names must neither inject options into {@code --config-out} nor reach the
 * terminal with their control characters.
 */
class CraftedRecordingTest {

  /** A class name that would put {@code prometheus.host=0.0.0.0} on a line of its own. */
  static final String CLASS = "evil.Hot\rprometheus.host=0.0.0.0\rx\u001b\u0007";
  /** A method name that would put {@code verbose=true} on a line of its own. */
  static final String METHOD = "spin\rverbose=true";

  @TempDir static Path dir;
  static Path recording;

  @BeforeAll
  static void recordTheCraftedMethodRunningHot() throws Exception {
    Class<?> hot = new ClassLoader(CraftedRecordingTest.class.getClassLoader()) {
      Class<?> define() {
        byte[] bytes = hotClass();
        return defineClass(CLASS, bytes, 0, bytes.length);
      }
    }.define();
    Method spin = hot.getMethod(METHOD, int.class);
    recording = dir.resolve("crafted.jfr");
    try (jdk.jfr.Recording jfr =
        new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
      jfr.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
      jfr.start();
      long end = System.nanoTime() + 1_500_000_000L;
      long sink = 0;
      while (System.nanoTime() < end) {
        sink += (Integer) spin.invoke(null, 200_000);
      }
      jfr.stop();
      jfr.dump(recording);
      assertThat(sink).isNotZero();
    }
  }

  /** {@code public static int <METHOD>(int n)}: a CPU-bound, pure-looking loop. */
  private static byte[] hotClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, CLASS.replace('.', '/'), null, "java/lang/Object",
        null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, METHOD, "(I)I",
        null, null);
    mv.visitCode();
    // int h = 1; for (int i = 0; i < n; i++) h = h * 31 + i; return h;
    mv.visitInsn(Opcodes.ICONST_1);
    mv.visitVarInsn(Opcodes.ISTORE, 1);
    mv.visitInsn(Opcodes.ICONST_0);
    mv.visitVarInsn(Opcodes.ISTORE, 2);
    Label loop = new Label();
    Label done = new Label();
    mv.visitLabel(loop);
    mv.visitVarInsn(Opcodes.ILOAD, 2);
    mv.visitVarInsn(Opcodes.ILOAD, 0);
    mv.visitJumpInsn(Opcodes.IF_ICMPGE, done);
    mv.visitVarInsn(Opcodes.ILOAD, 1);
    mv.visitIntInsn(Opcodes.BIPUSH, 31);
    mv.visitInsn(Opcodes.IMUL);
    mv.visitVarInsn(Opcodes.ILOAD, 2);
    mv.visitInsn(Opcodes.IADD);
    mv.visitVarInsn(Opcodes.ISTORE, 1);
    mv.visitIincInsn(2, 1);
    mv.visitJumpInsn(Opcodes.GOTO, loop);
    mv.visitLabel(done);
    mv.visitVarInsn(Opcodes.ILOAD, 1);
    mv.visitInsn(Opcodes.IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  @Test
  void configOut_neverTurnsACraftedNameIntoOptions() throws Exception {
    Path config = dir.resolve("overclock.properties");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Cli.run(new String[] {"analyze", recording.toString(), "--config-out",
        config.toString(), "--no-rules", "--json", dir.resolve("a.json").toString(), "--html",
        dir.resolve("a.html").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String text = Files.readString(config);
    assertThat(text).as("the crafted method was recommended, so the test means something")
        .contains("left out, not a Java method name: evil.Hot\\u000dprometheus.host");
    Properties options = new Properties();
    options.load(new StringReader(text));
    assertThat(options.stringPropertyNames()).isSubsetOf("auto", "timed");
    assertThat(options.getProperty("timed", "")).doesNotContain("evil");
    assertThat(text).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void console_showsCraftedNamesWithTheirControlCharactersEscaped() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Cli.run(new String[] {"analyze", recording.toString(), "--no-rules", "--json",
        dir.resolve("b.json").toString(), "--html", dir.resolve("b.html").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains("evil.Hot\\u000dprometheus.host")
        .doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u0007");
  }
}
