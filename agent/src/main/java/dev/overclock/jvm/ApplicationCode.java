package dev.overclock.jvm;

import java.util.List;
import java.util.function.Predicate;

/**
 * Tells JDK frames from application frames, and names the site of an event. A frame is
 * <em>JDK</em> when its class belongs to the JDK, to the agent, or is generated ({@code $$} in its
 * name); it is an <em>application</em> frame when it is not JDK and the predicate given at
 * construction says so (the live agent excludes well-known library packages, and respects {@code
 * include=}/{@code exclude=}).
 */
final class ApplicationCode {

  private static final String[] JDK_PREFIXES = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.overclock."
  };

  private final Predicate<String> application;

  ApplicationCode(Predicate<String> application) {
    this.application = application;
  }

  /** Whether a class belongs to the JDK, the agent, or is generated: never application code. */
  static boolean isJdk(String className) {
    for (String prefix : JDK_PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return className.contains("$$") || className.indexOf('/') >= 0;
  }

  /** Whether a class is application code. */
  boolean isApplication(String className) {
    return !isJdk(className) && application.test(className);
  }

  /** {@link #isApplication(String)} for a frame's class, its JDK test cached ({@link Frame#jdk}). */
  boolean isApplication(Frame frame) {
    return !frame.jdk() && application.test(frame.className());
  }

  /**
   * Where an event happened, for a reader: the innermost application frame, else the innermost
   * frame outside the JDK, else the top frame.
   */
  String site(List<Frame> frames) {
    Frame nonJdk = null;
    for (Frame frame : frames) {
      if (frame.jdk()) {
        continue;
      }
      if (application.test(frame.className())) {
        return frame.site();
      }
      if (nonJdk == null) {
        nonJdk = frame;
      }
    }
    if (nonJdk != null) {
      return nonJdk.site();
    }
    return frames.isEmpty() ? "(no stack)" : frames.get(0).site();
  }

  /**
   * Where an event happens: the innermost frame outside the JDK (the library or application code
   * that allocated, waited or read; the JDK's own frames above it are the mechanism, a park or a
   * socket read), else the top frame.
   */
  static String frame(List<Frame> frames) {
    for (Frame frame : frames) {
      if (!frame.jdk()) {
        return frame.site();
      }
    }
    return frames.isEmpty() ? "(no stack)" : frames.get(0).site();
  }

  /** The innermost application frame that led to an event, or {@code null} when none did. */
  String applicationFrame(List<Frame> frames) {
    for (Frame frame : frames) {
      if (isApplication(frame)) {
        return frame.site();
      }
    }
    return null;
  }
}
