package dev.overclock.jvm;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * Reads the fields that differ between JDK versions of an event (a class, a socket's endpoint),
 * and those every stream handler reads (the stack trace, a thread), asking each event type once
 * which fields it has. {@code RecordedEvent.hasField} compares the name with every field of the
 * event, on every call: for the allocation samples of a large recording that was a tenth of
 * {@code analyze}'s time; the JDK's typed getters ({@code getStackTrace}, {@code getThread},
 * {@code getClass}) make that comparison twice. One instance per reading thread.
 */
public final class EventFields {

  private static final int MAX_TYPES = 10_000;

  private static final int MAX_CLASSES = 16_384;

  private final Map<EventType, Set<String>> fields = new IdentityHashMap<>();
  /**
   * Class names by the parser's class object, which it shares per class and chunk: {@code
   * RecordedClass.getName} looks the field up by name and converts the name's separators on
   * every call, once per allocation sample and blocking event.
   */
  private final Map<RecordedClass, String> classNames = new IdentityHashMap<>();

  /** The type {@link #has} was last asked about, and its fields: runs of one type are common. */
  private EventType lastType;
  private Set<String> lastNames;

  /** Whether the event's type has a top-level field of that name. */
  public boolean has(RecordedEvent event, String field) {
    EventType type = event.getEventType();
    if (type == lastType) {
      return lastNames.contains(field);
    }
    Set<String> names = fields.get(type);
    if (names == null) {
      if (fields.size() >= MAX_TYPES) {
        fields.clear(); // each chunk of a long recording may bring its own type objects
      }
      names = new HashSet<>();
      for (ValueDescriptor descriptor : type.getFields()) {
        names.add(descriptor.getName());
      }
      fields.put(type, names);
    }
    lastType = type;
    lastNames = names;
    return names.contains(field);
  }

  /** The name of the class in {@code field}, or "" where the event has none. */
  public String className(RecordedEvent event, String field) {
    RecordedClass type = value(event, field, RecordedClass.class);
    if (type == null) {
      return "";
    }
    String name = classNames.get(type);
    if (name == null) {
      if (classNames.size() >= MAX_CLASSES) {
        classNames.clear();
      }
      name = type.getName();
      classNames.put(type, name);
    }
    return name;
  }

  /**
   * The event's stack trace, or {@code null} where it has none. {@code
   * RecordedEvent.getStackTrace} compares the name with the event's fields twice (whether there
   * is such a field, then its value); this asks the type once and looks the value up once.
   */
  public RecordedStackTrace stackTrace(RecordedEvent event) {
    return value(event, "stackTrace", RecordedStackTrace.class);
  }

  /**
   * The thread in {@code field} ({@code eventThread} for the thread that committed the event),
   * or {@code null} where the event has none; one lookup by name, as {@link #stackTrace}.
   */
  public RecordedThread thread(RecordedEvent event, String field) {
    return value(event, field, RecordedThread.class);
  }

  /**
   * The value of {@code field} when the event's type has it and it is a {@code type}, else
   * {@code null}: the type is asked once (cached) and the value looked up once by name, where
   * the JDK's typed getters look the name up twice (to check the field first).
   */
  private <T> T value(RecordedEvent event, String field, Class<T> type) {
    if (!has(event, field)) {
      return null;
    }
    Object value = event.getValue(field);
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /** {@code host:port} of a socket event, the address where the host name is unknown. */
  public String endpoint(RecordedEvent event) {
    String host = has(event, "host") ? event.getString("host") : null;
    if (host == null || host.isEmpty()) {
      host = has(event, "address") ? event.getString("address") : "";
    }
    return host + (has(event, "port") ? ":" + event.getInt("port") : "");
  }
}
