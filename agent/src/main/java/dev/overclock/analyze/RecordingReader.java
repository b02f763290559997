package dev.overclock.analyze;

import dev.overclock.jvm.JvmProfile;
import dev.overclock.jvm.ThreadStacks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jdk.jfr.EventType;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a recording event by event with an {@link EventStream} and hands each event to an {@link
 * EventDispatch}, which folds it into the same {@link JvmProfile} the live agent fills from its
 * stream, plus what only an offline analysis has: per-method latencies ({@link MethodTimings}),
 * call paths, exceptions by site, blocking time per method, and the JVM the recording came from
 * ({@link RecordedJvm}).
 *
 * <h2>Why it must be careful</h2>
 *
 * Recordings can be far larger than the heap. The stream parses only the event types the report
 * uses ({@link EventDispatch#HANDLED}; the others are skipped by size), in file order, hands out
 * one event at a time (the same object, reused) and no event is kept: every structure the events
 * are folded into is bounded (see each class), so memory does not grow with the file. A file
 * whose tail is truncated or corrupted is read up to its last complete chunk (found by {@link
 * Chunks}); a parser failure further in stops reading there, and what was read is still analysed.
 */
final class RecordingReader {

  private final EventDispatch dispatch;
  private final DetectedApplication detected;

  private long events;
  private long parsed;
  private Instant last;
  private String stoppedAt;

  RecordingReader(Predicate<String> application) {
    this(application, true);
  }

  /**
   * @param byStack whether what is derived from a stack is kept per stack ({@link
   *     EventDispatch}); off for the reference read tests compare the stream with
   */
  RecordingReader(Predicate<String> application, boolean byStack) {
    this.detected = application instanceof DetectedApplication
        ? (DetectedApplication) application : null;
    this.dispatch = new EventDispatch(application, detected, byStack);
  }

  /** Reads every readable event of the file; {@code progress} hears about file positions. */
  void read(Path file, Chunks chunks, ReadingProgress progress) throws IOException {
    read(file, chunks, progress, false);
  }

  /**
   * {@link #read}, or with {@code everyEvent} the way the analysis read before it streamed: every
   * event of the file parsed with {@link RecordingFile} and counted as it comes. Kept as the
   * reference tests compare the stream's report with, figure by figure.
   */
  void read(Path file, Chunks chunks, ReadingProgress progress, boolean everyEvent)
      throws IOException {
    Path readable = file;
    Path temp = null;
    if (chunks.stoppedAt != null) {
      // Give the parser only the complete chunks: what follows them is not a recording.
      temp = Files.createTempFile("overclock-analyze-", ".jfr");
      try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        long done = 0;
        long wanted = chunks.readableBytes();
        while (done < wanted) {
          done += in.transferTo(done, wanted - done, out);
        }
      }
      readable = temp;
      stoppedAt = chunks.stoppedAt;
    }
    try {
      if (everyEvent) {
        readTypes(readable);
        dispatch.profile().pinningSupported(dispatch.jvm().declares("jdk.VirtualThreadPinned"));
        readEveryEvent(readable);
      } else {
        stream(readable, chunks, progress);
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** The application as the recording's JVM showed it, or null when {@code --include} named it. */
  DetectedApplication detected() {
    return detected;
  }

  /**
   * Streams the events of {@link EventDispatch#HANDLED} types, in file order (as {@link
   * jdk.jfr.consumer.RecordingFile} reads them: sorting would hold a chunk's events), then counts
   * all events from the records' headers ({@link EventCount}).
   */
  private void stream(Path readable, Chunks chunks, ReadingProgress progress) throws IOException {
    boolean complete = false;
    try (EventStream stream = EventStream.openFile(readable)) {
      stream.setOrdered(false);
      stream.setReuse(true);
      // The types come with each chunk's metadata, before its events: reading them first with a
      // RecordingFile parsed every chunk's metadata twice.
      stream.onMetadata(metadata -> learnTypes(metadata.getEventTypes()));
      for (String type : EventDispatch.HANDLED) {
        Consumer<RecordedEvent> handler = dispatch.handler(type);
        stream.onEvent(type, event -> {
          parsed++;
          handler.accept(event);
          last = event.getStartTime();
          if ((parsed & 0xfff) == 0 && progress != null) {
            progress.at(last == null ? 0 : chunks.position(epochNanos(last)));
          }
        });
      }
      stream.start();
      complete = true;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // A crafted recording can nest the parser's recursion (stack frames, types) deep enough
      // to overflow the stack: the events before it still count.
      long at = last == null ? 0 : chunks.position(epochNanos(last));
      stoppedAt = String.format(Locale.ROOT, "about byte %d of %d: the parser failed (%s);"
          + " the events before it are analysed", at, chunks.fileBytes, e.getMessage());
    }
    events = parsed;
    if (complete) {
      try {
        events = EventCount.of(readable, chunks);
      } catch (IOException | RuntimeException e) {
        // The parser read every chunk, so this cannot happen short of the file changing; the
        // events parsed are then the best count there is.
      }
    }
  }

  private void readEveryEvent(Path readable) throws IOException {
    Set<String> handled = Set.copyOf(EventDispatch.HANDLED);
    try (RecordingFile recording = new RecordingFile(readable)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        events++;
        String type = event.getEventType().getName();
        if (handled.contains(type)) {
          dispatch.handle(type, event);
        }
      }
    }
  }

  /** Learns the ids of event types, which {@code jdk.ActiveSetting} events refer to. */
  private void readTypes(Path file) {
    try (RecordingFile recording = new RecordingFile(file)) {
      for (EventType type : recording.readEventTypes()) {
        dispatch.jvm().eventType(type.getId(), type.getName());
      }
    } catch (IOException | RuntimeException e) {
      // Settings are then unknown; the events themselves may still be readable.
    }
  }

  /** {@link #readTypes} for one chunk's types, as the stream hands them out. */
  private void learnTypes(List<EventType> types) {
    for (EventType type : types) {
      dispatch.jvm().eventType(type.getId(), type.getName());
      if (type.getName().equals("jdk.VirtualThreadPinned")) {
        dispatch.profile().pinningSupported(true);
      }
    }
  }

  /** Marks reading as stopped early, and why (for the report). */
  void stopped(String why) {
    stoppedAt = why;
  }

  JvmProfile profile() {
    return dispatch.profile();
  }

  /** The JVM the recording came from, and how it was recorded. */
  RecordedJvm jvm() {
    return dispatch.jvm();
  }

  MethodTimings timings() {
    return dispatch.timings();
  }

  Sites exceptions() {
    return dispatch.exceptions();
  }

  Sites errors() {
    return dispatch.errors();
  }

  CallPaths paths() {
    return dispatch.paths();
  }

  BlockedMethods blocked() {
    return dispatch.blocked();
  }

  /** What each thread's stacks show: its driver frames, the pools whose threads wait. */
  ThreadStacks threads() {
    return dispatch.threads();
  }

  /** The event types of {@link EventDispatch#HANDLED} seen at least once. */
  Set<String> seenTypes() {
    return dispatch.seenTypes();
  }

  /** The events of the readable chunks, of every type. */
  long events() {
    return events;
  }

  /** The throwables {@code jdk.ExceptionStatistics} counted, or -1 without such events. */
  long throwables() {
    return dispatch.throwables();
  }

  /** Where and why reading stopped early, or {@code null}. */
  String stoppedAt() {
    return stoppedAt;
  }

  /** Whether the recording has {@code jdk.MethodTiming} events (not used: no percentiles). */
  boolean methodTiming() {
    return dispatch.methodTiming();
  }

  static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
