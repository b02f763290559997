package dev.overclock.jfr;

import dev.overclock.jvm.SampleWindow;
import dev.overclock.log.AgentLog;
import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.select.RuntimeSelection;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Takes out timed methods that completed no call in {@link #IDLE_WINDOWS} windows while still on
 * the stack: frames that do not return (a loop, a thread's run method). From then on the profile
 * credits their samples to the calls they make, which the next windows time instead. Its own
 * class because it is the one place where timing feeds back into the profile.
 */
final class NeverReturnedCheck {

  /**
   * A timed method that completes no call in this many windows while on the stack is a frame that
   * does not return.
   */
  static final int IDLE_WINDOWS = 2;

  private final RuntimeSelection additions;
  private final BiConsumer<String, String> neverReturns;

  /**
   * @param neverReturns hears of a timed method that completed no call while on the stack (the
   *     profile, so that later windows credit its samples to the calls it makes)
   */
  NeverReturnedCheck(RuntimeSelection additions, BiConsumer<String, String> neverReturns) {
    this.additions = additions;
    this.neverReturns = neverReturns;
  }

  /**
   * Checks each timed method of {@code entries}; the classes of those taken out join {@code
   * classes}.
   */
  void check(Collection<AutoTimedMethod> entries, SampleWindow window,
      List<MethodSnapshot> methods, Set<String> classes) {
    Map<String, Long> calls = new HashMap<>();
    for (MethodSnapshot method : methods) {
      calls.put(method.method().key(), method.calls());
    }
    Map<String, Long> onStack = new HashMap<>();
    for (SampleWindow.Counted counted : window.methods()) {
      onStack.put(counted.method().key(), counted.total());
    }
    for (AutoTimedMethod entry : entries) {
      String key = entry.method.key();
      if (!entry.timed() || calls.getOrDefault(key, 0L) > 0) {
        continue;
      }
      if (onStack.getOrDefault(key, 0L) == 0) {
        entry.idleWindows = 0; // not running at all: nothing to say about returning
        continue;
      }
      if (++entry.idleWindows < IDLE_WINDOWS) {
        continue;
      }
      entry.remove("removed: no call completed in " + IDLE_WINDOWS + " windows while it was on"
          + " the stack: a frame that does not return (a loop or a thread's run method); the"
          + " methods it calls are timed instead", additions, classes);
      neverReturns.accept(key, "never returned: timed, it completed no call in " + IDLE_WINDOWS
          + " windows while on the stack");
      AgentLog.info("stopped timing " + entry.method.name() + ": it never returned while timed;"
          + " timing the methods it calls instead");
    }
  }
}
