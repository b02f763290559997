package dev.overclock.jfr;

import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.select.RuntimeSelection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The overhead governor's third step for {@code auto=timing}: on, the least valuable half
 * (rounded down) of the automatically timed methods (least time over the run) are taken out at the
 * next window and no method is added while it stays on; off, methods are added again (those taken
 * out stay out). Its own class because the governor's thread sets it while the stream's thread
 * acts on it, and that hand-over is easier to see alone.
 */
final class AutoTimingShedder {

  private final RuntimeSelection additions;
  // Set by the overhead governor's thread; acted on at the next window, on the stream thread.
  private volatile boolean shedding;
  private boolean shed;

  AutoTimingShedder(RuntimeSelection additions) {
    this.additions = additions;
  }

  void shedding(boolean on) {
    shedding = on;
  }

  /**
   * Called once per window on the stream thread: sheds when shedding was just turned on.
   *
   * @return whether shedding is on (then the window adds no method)
   */
  boolean window(Collection<AutoTimedMethod> entries, List<MethodSnapshot> methods,
      Set<String> classes) {
    boolean shedNow = shedding;
    if (shedNow && !shed) {
      shedLeastValuable(entries, methods, classes);
    }
    shed = shedNow;
    return shedNow;
  }

  private void shedLeastValuable(Collection<AutoTimedMethod> entries,
      List<MethodSnapshot> methods, Set<String> classes) {
    Map<String, Long> nanos = new HashMap<>();
    for (MethodSnapshot method : methods) {
      nanos.put(method.method().key(), method.totalNanos());
    }
    List<AutoTimedMethod> timed = new ArrayList<>();
    for (AutoTimedMethod entry : entries) {
      if (entry.timed()) {
        timed.add(entry);
      }
    }
    timed.sort(Comparator.comparingLong(
        (AutoTimedMethod entry) -> nanos.getOrDefault(entry.method.key(), 0L)));
    for (AutoTimedMethod entry : timed.subList(0, timed.size() / 2)) { // one method alone stays
      entry.remove("removed: the agent was over its overhead budget, and this was among the"
          + " automatically timed methods with the least time", additions, classes);
      AgentLog.info("stopped timing " + entry.method.name() + ": over the overhead budget");
    }
  }
}
