package dev.overclock.instrument;

import dev.overclock.select.CodeChange;
import dev.overclock.select.MethodSelector;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code offload.executors=virtual}: rewrites the call sites that create thread pools in
 * application classes, so that they create {@code dev.overclock.bootstrap.OverclockThreadPoolExecutor}
 * (a {@code ThreadPoolExecutor} whose tasks the agent may run on virtual threads):
 *
 * <ul>
 *   <li>{@code Executors.newFixedThreadPool(..)} and {@code newCachedThreadPool(..)} become calls
 *       of the bridge's static methods of the same names, with the call site as one more argument;
 *   <li>{@code new ThreadPoolExecutor(..)} becomes {@code new OverclockThreadPoolExecutor(.., site)}:
 *       only the class of the {@code new} and of its constructor call change, so the stack and its
 *       frames stay as they were; a subclass's {@code super(..)} call, which has no {@code new}, is
 *       left alone.
 * </ul>
 *
 * Single-thread and scheduled executors, {@code ForkJoinPool} and the JDK's own classes are never
 * touched. The rewrite adds no member, so classes stay retransformable; a failure leaves the class
 * as it was.
 */
public final class ExecutorSiteTransformer implements ClassFileTransformer {

  static final String EXECUTORS = "java/util/concurrent/Executors";
  static final String TPE = "java/util/concurrent/ThreadPoolExecutor";
  static final String BRIDGE = "dev/overclock/bootstrap/OverclockThreadPoolExecutor";
  private static final Set<String> FACTORIES = Set.of("newFixedThreadPool", "newCachedThreadPool");
  private static final byte[] EXECUTORS_BYTES = EXECUTORS.getBytes(StandardCharsets.UTF_8);
  private static final byte[] TPE_BYTES = TPE.getBytes(StandardCharsets.UTF_8);
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private final Predicate<String> inScope;
  private final CodeChange.Listener listener;

  /**
   * @param inScope whether a class (binary name) may be changed: {@code include}/{@code exclude}
   * @param listener told of every class changed
   */
  public ExecutorSiteTransformer(Predicate<String> inScope, CodeChange.Listener listener) {
    this.inScope = inScope;
    this.listener = listener;
  }

  /** Installs the transformer for classes loaded from now on. */
  public ExecutorSiteTransformer install(Instrumentation instrumentation) {
    instrumentation.addTransformer(this, /* canRetransform= */ true);
    return this;
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
      ProtectionDomain domain, byte[] classFile) {
    try {
      if (internalName == null || loader == null || loader == PLATFORM) {
        return null;
      }
      String className = internalName.replace('/', '.');
      if (MethodSelector.isReservedClass(className) || !inScope.test(className)
          || !(contains(classFile, EXECUTORS_BYTES) || contains(classFile, TPE_BYTES))) {
        return null;
      }
      if (!seesBridge(loader)) {
        return null;
      }
      Rewrite rewrite = rewrite(classFile);
      if (rewrite == null) {
        return null;
      }
      try {
        listener.changed(new CodeChange(java.time.Instant.now(), className,
            redefined == null ? "instrumented" : "retransformed", "executors", rewrite.methods,
            "offload.executors=virtual: thread pools created here may run on virtual threads"));
      } catch (RuntimeException ignored) {
        // the class changes either way
      }
      return rewrite.bytes;
    } catch (Throwable failure) {
      return null;
    }
  }

  private final java.util.Map<ClassLoader, Boolean> seesBridge =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** A loader that does not delegate the bridge to the boot loader (OSGi) keeps its pools. */
  private boolean seesBridge(ClassLoader loader) {
    return seesBridge.computeIfAbsent(loader, l -> {
      try {
        return Class.forName(BRIDGE.replace('/', '.'), false, l)
            == dev.overclock.bootstrap.OverclockThreadPoolExecutor.class;
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        return false;
      }
    });
  }

  record Rewrite(byte[] bytes, List<String> methods) {}

  /** The class with its pool-creating sites rewritten, or {@code null} if it has none. */
  static Rewrite rewrite(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    java.util.List<String> methods = new java.util.ArrayList<>();
    String className = reader.getClassName().replace('/', '.');
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        return new SiteRewriter(next, className, name, () -> methods.add(name + descriptor));
      }
    }, 0);
    if (methods.isEmpty()) {
      return null;
    }
    return new Rewrite(writer.toByteArray(), List.copyOf(new java.util.LinkedHashSet<>(methods)));
  }

  /** Rewrites one method's sites; adds one slot to the stack for the site argument. */
  private static final class SiteRewriter extends MethodVisitor {
    private final String className;
    private final String methodName;
    private final Runnable onRewrite;
    private int line = -1;
    private int pendingNews;
    private boolean rewrote;

    SiteRewriter(MethodVisitor next, String className, String methodName, Runnable onRewrite) {
      super(Opcodes.ASM9, next);
      this.className = className;
      this.methodName = methodName;
      this.onRewrite = onRewrite;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
      this.line = line;
      super.visitLineNumber(line, start);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      if (opcode == Opcodes.NEW && type.equals(TPE)) {
        pendingNews++;
        super.visitTypeInsn(opcode, BRIDGE);
        return;
      }
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
        boolean isInterface) {
      if (opcode == Opcodes.INVOKESTATIC && owner.equals(EXECUTORS) && FACTORIES.contains(name)) {
        super.visitLdcInsn(site("Executors." + name));
        super.visitMethodInsn(opcode, BRIDGE, name, withSite(descriptor), false);
        rewritten();
        return;
      }
      if (opcode == Opcodes.INVOKESPECIAL && owner.equals(TPE) && name.equals("<init>")
          && pendingNews > 0) {
        pendingNews--;
        super.visitLdcInsn(site("new ThreadPoolExecutor"));
        super.visitMethodInsn(opcode, BRIDGE, name, withSite(descriptor), false);
        rewritten();
        return;
      }
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      super.visitMaxs(rewrote ? maxStack + 1 : maxStack, maxLocals);
    }

    private void rewritten() {
      if (!rewrote) {
        rewrote = true;
        onRewrite.run();
      }
    }

    private String site(String what) {
      return className + "::" + methodName + (line > 0 ? " line " + line : "") + " (" + what + ")";
    }

    private static String withSite(String descriptor) {
      int close = descriptor.indexOf(')');
      return descriptor.substring(0, close) + "Ljava/lang/String;" + descriptor.substring(close);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
