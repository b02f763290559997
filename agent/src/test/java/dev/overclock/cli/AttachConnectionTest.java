package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The attach API's failures, as JDK 17 and 25 word them, each turned into one line. */
class AttachConnectionTest {

  @Test
  void deadTarget_exitedDuringTheOperation() {
    assertThat(AttachConnection.explain(7, "attach", new IOException("Premature EOF"), false))
        .isEqualTo("pid 7 exited during attach");
  }

  @Test
  void disabledAttachMechanism() {
    assertThat(AttachConnection.explain(7, "attach",
        new AttachNotSupportedException("The VM does not support the attach mechanism"), true))
        .isEqualTo("pid 7 does not accept attach: it was started with -XX:+DisableAttachMechanism;"
            + " restart it without that flag, or start Overclock with -javaagent");
  }

  @Test
  void dynamicAgentsRefused_namesTheFlag_inBothJdksWordings() {
    String expected = "pid 7 refuses dynamic agents: it was started with"
        + " -XX:-EnableDynamicAgentLoading (JEP 451); restart it with"
        + " -XX:+EnableDynamicAgentLoading, or start Overclock with -javaagent";
    assertThat(AttachConnection.explain(7, "attach", new AgentLoadException("Failed to load agent"
        + " library: Dynamic agent loading is not enabled. Use -XX:+EnableDynamicAgentLoading to"
        + " launch target VM."), true)).isEqualTo(expected);
    assertThat(AttachConnection.explain(7, "attach", new AgentLoadException("Dynamic agent"
        + " loading is not enabled. Use -XX:+EnableDynamicAgentLoading to launch target VM."),
        true)).isEqualTo(expected);
  }

  @Test
  void noAnswer_namesTheLikelyCauses() {
    assertThat(AttachConnection.explain(7, "attach", new AttachNotSupportedException("Unable to"
        + " open socket file /tmp/.java_pid7: target process 7 doesn't respond within 10500ms or"
        + " HotSpot VM not loaded"), true))
        .isEqualTo("pid 7 did not answer the attach request: it is not a HotSpot JVM, is still"
            + " starting, or was started with -XX:+DisableAttachMechanism or -Xrs");
  }

  @Test
  void permissionProblems_pointAtTheOtherUser() {
    assertThat(AttachConnection.explain(ProcessHandle.current().pid(), "attach",
        new IOException("Permission denied"), true))
        .startsWith("pid " + ProcessHandle.current().pid() + " refused the attach: it runs as"
            + " another user (");
  }
}
