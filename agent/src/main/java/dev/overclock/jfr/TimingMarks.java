package dev.overclock.jfr;

import dev.overclock.metrics.MethodSnapshot;
import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Marks the JVM section's hot and waiting methods with what timing made of them: which selection
 * times each, or why automatic timing refused it. Its own class because it joins two sources (the
 * timing snapshots and the detector's refusals) that the rest of {@link LiveJfr} keeps apart.
 */
final class TimingMarks {

  private TimingMarks() {}

  /**
   * @param latest the latest timing snapshot
   * @param hot the detector, or {@code null} when automatic timing is off
   */
  static JvmReport mark(JvmReport report, List<MethodSnapshot> latest, HotMethodDetector hot) {
    Map<String, String> timed = new HashMap<>();
    for (MethodSnapshot method : latest) {
      timed.put(method.method().key(), method.method().selectedBy());
    }
    List<JvmReport.WaitingMethod> waiting = new ArrayList<>();
    for (JvmReport.WaitingMethod method : report.waitingMethods()) {
      String by = timed.get(method.key());
      String note = by == null && hot != null ? hot.refusalOf(method.key()) : null;
      waiting.add(method.marked(by, note));
    }
    return report.withMethods(mark(report.hotMethods(), timed, hot),
        mark(report.topMethods(), timed, hot), waiting);
  }

  private static List<JvmReport.HotMethod> mark(List<JvmReport.HotMethod> methods,
      Map<String, String> timed, HotMethodDetector hot) {
    List<JvmReport.HotMethod> marked = new ArrayList<>();
    for (JvmReport.HotMethod method : methods) {
      String by = timed.get(method.key());
      String note = by == null && hot != null ? hot.refusalOf(method.key()) : null;
      marked.add(method.marked(by, note));
    }
    return marked;
  }
}
