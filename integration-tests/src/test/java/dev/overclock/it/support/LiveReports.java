package dev.overclock.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reading a report a running agent rewrites while a test waits for an answer in it. */
public final class LiveReports {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveReports() {}

  /** The report as it is now, or an empty object while it is not (fully) written. */
  public static JsonNode readNow(Path json) {
    try {
      return Files.isRegularFile(json) ? JSON.readTree(Files.readString(json))
          : JSON.createObjectNode();
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode(); // replaced while read: look again
    }
  }

  /** The entry of a report array ({@code methods}, {@code memoized}, ...) with this name, or null. */
  public static JsonNode named(JsonNode array, String name) {
    for (JsonNode entry : array) {
      if (entry.path("name").asString().equals(name)) {
        return entry;
      }
    }
    return null;
  }
}
