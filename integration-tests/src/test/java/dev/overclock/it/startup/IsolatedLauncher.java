package dev.overclock.it.startup;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the demo app in a class loader that does not delegate to the system class loader, like a
 * servlet container or plugin system: the application class path is invisible from there (with
 * {@code -javaagent} the agent's own classes are on the bootstrap class path, which every loader
 * reaches; the advice needs only the bridge among them). Started in its own JVM by {@link
 * AgentLifecycleIT}.
 *
 * <ul>
 *   <li>{@code isolated}: the loader's parent is the platform loader, so it still reaches the
 *       bootstrap loader (and the agent's bridge) for every package;
 *   <li>{@code strict}: the loader delegates only the JDK's own packages (like an OSGi framework:
 *       boot delegation for {@code java.*}, the JDK's other packages through the system bundle),
 *       so the agent's bridge is unreachable and advice must not be woven.
 * </ul>
 *
 * Arguments: {@code isolated|strict <demo.jar> <demo arguments...>}.
 */
public final class IsolatedLauncher {

  private IsolatedLauncher() {}

  public static void main(String[] args) throws Exception {
    URL jar = Path.of(args[1]).toUri().toURL();
    try (URLClassLoader loader = args[0].equals("strict")
        ? new StrictLoader(jar)
        : new URLClassLoader("isolated-app", new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
      Class<?> demo = loader.loadClass("com.acme.shop.ShopDemo");
      try {
        Class.forName(IsolatedLauncher.class.getName(), false, loader);
        throw new IllegalStateException("the system class loader is visible from the isolated loader");
      } catch (ClassNotFoundException expected) {
        // the point of this launcher
      }
      System.out.println("isolated: demo loaded by " + demo.getClassLoader().getName());
      demo.getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
  }

  /** Finds every class itself, except the JDK's, which come from the platform loader. */
  private static final class StrictLoader extends URLClassLoader {
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    StrictLoader(URL jar) {
      super("strict-app", new URL[] {jar}, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String jdk : JDK) {
        if (name.startsWith(jdk)) {
          return ClassLoader.getPlatformClassLoader().loadClass(name);
        }
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
