package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EventFields' single-lookup accessors read what the JDK's own accessors read, on events recorded
 * in this JVM and read back from the file JFR wrote; a field the event lacks reads as null or "",
 * never an exception.
 */
class EventFieldsTest {

  @Name("test.WithStack")
  static final class WithStack extends Event {
    Class<?> objectClass;
    Thread other;
  }

  @Name("test.WithoutStack")
  @StackTrace(false)
  static final class WithoutStack extends Event {
    long value;
  }

  @TempDir
  Path dir;

  @Test
  void stackThreadAndClass_readAsTheJdkReadsThem_andMissingFieldsReadAsNothing()
      throws IOException {
    List<RecordedEvent> recorded;
    try (Recording recording = new Recording()) {
      recording.enable(WithStack.class);
      recording.enable(WithoutStack.class);
      recording.start();
      commitFromHere();
      WithStack noClass = new WithStack(); // its class and thread fields stay null
      noClass.commit();
      WithoutStack without = new WithoutStack();
      without.value = 7;
      without.commit();
      recording.stop();
      recording.dump(dir.resolve("fields.jfr"));
      recorded = RecordingFile.readAllEvents(dir.resolve("fields.jfr"));
    }
    List<RecordedEvent> withStack = ofType(recorded, "test.WithStack");
    List<RecordedEvent> withoutStack = ofType(recorded, "test.WithoutStack");
    assertThat(withStack).hasSize(2);
    assertThat(withoutStack).hasSize(1);

    EventFields fields = new EventFields();
    RecordedEvent full = withStack.get(0).getClass("objectClass") != null
        ? withStack.get(0) : withStack.get(1);
    RecordedStackTrace trace = fields.stackTrace(full);
    assertThat(trace).isNotNull();
    assertThat(methods(trace)).isEqualTo(methods(full.getStackTrace()))
        .contains(EventFieldsTest.class.getName() + "::commitFromHere");
    assertThat(fields.thread(full, "eventThread").getJavaThreadId())
        .isEqualTo(full.getThread().getJavaThreadId())
        .isEqualTo(Thread.currentThread().getId());
    RecordedThread other = fields.thread(full, "other");
    assertThat(other.getJavaName()).isEqualTo(Thread.currentThread().getName());
    assertThat(fields.className(full, "objectClass")).isEqualTo(String.class.getName());

    RecordedEvent empty = full == withStack.get(0) ? withStack.get(1) : withStack.get(0);
    assertThat(fields.thread(empty, "other")).isNull();
    assertThat(fields.className(empty, "objectClass")).isEmpty();

    RecordedEvent noStack = withoutStack.get(0);
    // Interleave the types, so that the per-type cache is asked about each in turn.
    assertThat(fields.stackTrace(noStack)).isEqualTo(noStack.getStackTrace()).isNull();
    assertThat(fields.thread(noStack, "sampledThread")).isNull();
    assertThat(fields.className(noStack, "value")).isEmpty(); // a long, not a class
    assertThat(fields.stackTrace(full)).isNotNull();
    assertThat(fields.thread(noStack, "eventThread").getJavaThreadId())
        .isEqualTo(noStack.getThread().getJavaThreadId());
  }

  private static void commitFromHere() {
    WithStack event = new WithStack();
    event.objectClass = String.class;
    event.other = Thread.currentThread();
    event.commit();
  }

  private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type) {
    return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
  }

  private static List<String> methods(RecordedStackTrace trace) {
    return trace.getFrames().stream().map(RecordedFrame::getMethod)
        .map(m -> m.getType().getName() + "::" + m.getName()).toList();
  }
}
