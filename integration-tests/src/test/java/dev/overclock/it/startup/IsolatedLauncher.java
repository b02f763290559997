package dev.overclock.it.startup;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs the demo app in a class loader that does not delegate to the system class loader (its
 * parent is the platform loader), like a servlet container or plugin system: the agent jar and
 * its classes are invisible from there. Started in its own JVM by {@link AgentLifecycleIT}.
 */
public final class IsolatedLauncher {

  private IsolatedLauncher() {}

  public static void main(String[] args) throws Exception {
    URL jar = Path.of(args[0]).toUri().toURL();
    try (URLClassLoader loader =
        new URLClassLoader("isolated-app", new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
      Class<?> demo = loader.loadClass("com.acme.shop.ShopDemo");
      try {
        Class.forName("dev.overclock.agent.OverclockAgent", false, loader);
        throw new IllegalStateException("the agent is visible from the isolated loader");
      } catch (ClassNotFoundException expected) {
        // the point of this launcher
      }
      System.out.println("isolated: demo loaded by " + demo.getClassLoader().getName());
      demo.getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
  }
}
