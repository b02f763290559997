package dev.overclock.select;

import java.util.List;

/**
 * Well-known library packages: code an application uses but does not own. Neither the live
 * hot-method detector nor the offline analysis times or recommends a method there unless {@code
 * include=} (or {@code --include}) names its package, so that a report points at code its reader
 * can change.
 */
public final class Libraries {

  static final List<String> PREFIXES = List.of(
      "org.springframework.", "org.apache.", "org.eclipse.", "org.hibernate.", "org.jboss.",
      "org.glassfish.", "io.netty.", "io.micrometer.", "io.opentelemetry.", "io.grpc.",
      "io.undertow.", "io.vertx.", "io.reactivex.", "reactor.", "com.google.", "com.fasterxml.",
      "com.zaxxer.", "org.slf4j.", "ch.qos.logback.", "org.junit.", "org.mockito.",
      "org.h2.", "org.postgresql.", "com.mysql.", "kotlin.", "kotlinx.", "scala.", "groovy.",
      "org.codehaus.", "org.aspectj.", "org.yaml.", "com.squareup.", "okhttp3.", "okio.",
      "org.jetbrains.");

  private Libraries() {}

  /** Whether a class (binary name) belongs to a well-known library, not to the application. */
  public static boolean isLibrary(String className) {
    for (String prefix : PREFIXES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
