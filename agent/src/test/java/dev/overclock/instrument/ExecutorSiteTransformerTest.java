package dev.overclock.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.OverclockThreadPoolExecutor;
import dev.overclock.instrument.pools.PoolMaker;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class ExecutorSiteTransformerTest {

  @Test
  void poolSites_createTheBridgePool_withTheOriginalSizes() throws Exception {
    Class<?> maker = rewritten(PoolMaker.class);

    ExecutorService fixed = (ExecutorService) call(maker, "fixed");
    ExecutorService cached = (ExecutorService) call(maker, "cached");
    ThreadPoolExecutor direct = (ThreadPoolExecutor) call(maker, "direct", true);
    try {
      assertThat(fixed).isInstanceOf(OverclockThreadPoolExecutor.class);
      assertThat(((ThreadPoolExecutor) fixed).getCorePoolSize()).isEqualTo(3);
      assertThat(((OverclockThreadPoolExecutor) fixed).site())
          .matches("dev\\.overclock\\.instrument\\.pools\\.PoolMaker::fixed line \\d+"
              + " \\(Executors\\.newFixedThreadPool\\)");
      assertThat(cached).isInstanceOf(OverclockThreadPoolExecutor.class);
      assertThat(((ThreadPoolExecutor) cached).getMaximumPoolSize()).isEqualTo(Integer.MAX_VALUE);
      assertThat(direct).isInstanceOf(OverclockThreadPoolExecutor.class);
      assertThat(direct.getCorePoolSize()).isEqualTo(4);
      assertThat(direct.getMaximumPoolSize()).isEqualTo(8);
      assertThat(fixed.submit(() -> 6 * 7).get()).isEqualTo(42);
    } finally {
      fixed.shutdown();
      cached.shutdown();
      direct.shutdown();
    }
  }

  @Test
  void singleThreadExecutorsAndSubclasses_areLeftAlone() throws Exception {
    Class<?> maker = rewritten(PoolMaker.class);

    ExecutorService single = (ExecutorService) call(maker, "single");
    ThreadPoolExecutor counting = (ThreadPoolExecutor) call(maker, "subclass");
    try {
      assertThat(single).isNotInstanceOf(OverclockThreadPoolExecutor.class);
      assertThat(counting).isNotInstanceOf(OverclockThreadPoolExecutor.class);
      assertThat(counting.getClass().getSuperclass()).isEqualTo(ThreadPoolExecutor.class);
    } finally {
      single.shutdown();
      counting.shutdown();
    }
  }

  @Test
  void aClassWithoutPoolSites_isNotRewritten() throws IOException {
    assertThat(ExecutorSiteTransformer.rewrite(classFile(Plain.class))).isNull();
  }

  static final class Plain {
    int twice(int x) {
      return 2 * x;
    }
  }

  private static Object call(Class<?> type, String name, Object... args) throws Exception {
    for (Method method : type.getMethods()) {
      if (method.getName().equals(name)) {
        return method.invoke(null, args);
      }
    }
    throw new NoSuchMethodException(name);
  }

  /** The class and its nested classes, rewritten, in a loader of their own. */
  private static Class<?> rewritten(Class<?> type) throws Exception {
    ClassLoader loader = new ClassLoader("rewritten", ExecutorSiteTransformerTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
          if (!name.startsWith(type.getName())) {
            return super.loadClass(name, resolve);
          }
          Class<?> loaded = findLoadedClass(name);
          if (loaded != null) {
            return loaded;
          }
          try {
            byte[] bytes = classFile(name);
            ExecutorSiteTransformer.Rewrite rewrite = ExecutorSiteTransformer.rewrite(bytes);
            byte[] used = rewrite == null ? bytes : rewrite.bytes();
            return defineClass(name, used, 0, used.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
      }
    };
    return Class.forName(type.getName(), true, loader);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    return classFile(type.getName());
  }

  private static byte[] classFile(String name) throws IOException {
    try (InputStream in = ExecutorSiteTransformerTest.class.getClassLoader()
        .getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
