package dev.overclock.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The attach walkthrough starts the demo in the background and says how long it runs; a reader
 * follows the commands after it, so the demo must still be running then. {@code --duration}
 * only caps a run: the demo stops earlier when its orders are done. So the demo is run with the
 * walkthrough's orders and a short cap, which must cut it short, and the rate it reached says
 * whether the orders would last the stated time (twice over, for a machine faster than this).
 */
@Execution(ExecutionMode.CONCURRENT)
class ReadmeWalkthroughIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern DEMO = Pattern.compile(
      "java (?:\\S+ )*-jar demo-app/target/demo-app\\.jar (.*)&\\s+# runs for (\\d+) s");

  @Test
  void attachWalkthrough_demoKeepsRunning_forTheTimeItStates() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Attach to a running JVM"));
    Matcher demo = DEMO.matcher(section.substring(0, section.indexOf("\n## ")));
    assertThat(demo.find()).as("the walkthrough's demo command, with the time it runs").isTrue();
    String args = demo.group(1);
    int seconds = Integer.parseInt(demo.group(2));
    assertThat(args).as("its cap is the time it states").contains("--duration " + seconds + "s");
    Matcher orders = Pattern.compile("--orders (\\d+)").matcher(args);
    assertThat(orders.find()).as("%s: --duration only caps a run; the default orders end in"
        + " about 12 s", args).isTrue();
    long requested = Long.parseLong(orders.group(1));

    int capSeconds = 3;
    RunResult run = JvmLauncher.java(Jdks.current()).named("readme-walkthrough")
        .args("-jar", JvmLauncher.DEMO_JAR.toString(), "--orders", Long.toString(requested),
            "--duration", capSeconds + "s")
        .run();
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher stopped = Pattern.compile("stopped early after (\\d+) orders").matcher(run.stdout());
    assertThat(stopped.find()).as("the orders outlast a %d s cap: %s", capSeconds, run).isTrue();
    long perSecond = Long.parseLong(stopped.group(1)) / capSeconds;
    assertThat(requested).as("orders for %d s at %d orders/s, twice over", seconds, perSecond)
        .isGreaterThanOrEqualTo(2 * seconds * perSecond);
  }
}
