package fixtureapp.offload;

import dev.overclock.bootstrap.OffloadTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Catches the agent's timeout by type, in a program run without the annotations jar: loaded only
 * with the agent, whose bootstrap loader defines the exception class.
 */
final class ConfigSelected {

  private ConfigSelected() {}

  static void run() throws InterruptedException {
    boolean annotations;
    try {
      Class.forName("dev.overclock.annotations.Offload");
      annotations = true;
    } catch (ClassNotFoundException e) {
      annotations = false;
    }
    OffloadApp.offload("config-annotations-on-class-path", annotations);
    try {
      new Plain().slowLookup("k");
      OffloadApp.offload("config-timeout-caught", false);
    } catch (OffloadTimeoutException e) {
      OffloadApp.offload("config-timeout-caught", true);
      OffloadApp.offload("config-timeout-loader", String.valueOf(e.getClass().getClassLoader()));
      OffloadApp.offload("config-timeout-message", e.getMessage());
      OffloadApp.offload("config-timeout-method", e.method());
    }
    OffloadApp.offload("config-interrupted", Plain.INTERRUPTED.await(30, TimeUnit.SECONDS));
  }
}
