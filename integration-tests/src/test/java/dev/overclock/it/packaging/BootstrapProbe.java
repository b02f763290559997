package dev.overclock.it.packaging;

/**
 * Started with the agent by {@link AgentJarIT}: prints where the agent's classes were loaded and
 * whether the application gained access it should not have.
 */
public final class BootstrapProbe {

  private BootstrapProbe() {}

  public static void main(String[] args) throws Exception {
    // Without Overclock's annotations this program needs no advice as it loads, so the agent
    // starts once its start is over (DeferredStart): look once it runs, as a woven class would.
    for (int i = 0; i < 200 && !running(); i++) {
      Thread.sleep(50);
    }
    System.out.println("agent running: " + running());
    ClassLoader loader = Class.forName("dev.overclock.bootstrap.Dispatcher").getClassLoader();
    System.out.println("dispatcher loader: " + (loader == null ? "bootstrap" : loader.getName()));
    System.out.println("agent class on bootstrap: " + onBootstrap("dev.overclock.agent.OverclockAgent"));
    System.out.println("byte buddy on bootstrap: " + onBootstrap("dev.overclock.shaded.bytebuddy.ByteBuddy"));
    boolean exported = Object.class.getModule()
        .isExported("jdk.internal.misc", BootstrapProbe.class.getModule());
    System.out.println("jdk.internal.misc exported to the application: " + (exported ? "yes" : "no"));
  }

  /** The agent's marker property, once its start has run (before: "... (starting ...)"). */
  private static boolean running() {
    String agent = System.getProperty("dev.overclock.agent");
    return agent != null && !agent.contains("starting");
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
