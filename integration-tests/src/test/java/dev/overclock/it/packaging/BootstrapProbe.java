package dev.overclock.it.packaging;

/**
 * Started with the agent by {@link AgentJarIT}: prints where the agent's classes were loaded and
 * whether the application gained access it should not have.
 */
public final class BootstrapProbe {

  private BootstrapProbe() {}

  public static void main(String[] args) throws Exception {
    ClassLoader loader = Class.forName("dev.overclock.bootstrap.Dispatcher").getClassLoader();
    System.out.println("dispatcher loader: " + (loader == null ? "bootstrap" : loader.getName()));
    System.out.println("agent class on bootstrap: " + onBootstrap("dev.overclock.agent.OverclockAgent"));
    System.out.println("byte buddy on bootstrap: " + onBootstrap("dev.overclock.shaded.bytebuddy.ByteBuddy"));
    boolean exported = Object.class.getModule()
        .isExported("jdk.internal.misc", BootstrapProbe.class.getModule());
    System.out.println("jdk.internal.misc exported to the application: " + (exported ? "yes" : "no"));
  }

  private static String onBootstrap(String name) {
    try {
      Class.forName(name, false, null);
      return "yes";
    } catch (ClassNotFoundException e) {
      return "no";
    }
  }
}
