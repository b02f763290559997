package fixtureapp.known;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * A library-heavy application: nearly all its time is in Jackson (on the class path as a
 * dependency jar), writing and reading JSON documents; the application's own code only builds
 * the documents and calls the library in {@link #roundTrip}. The answer: Jackson's leaf methods
 * lead the hot-methods table (with the application frame that led there), and the boundary call
 * into the library is timed.
 */
public final class LibraryCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LibraryCase() {}

  public static void main(String[] args) {
    Until.start(args);
    long checksum = 0;
    int round = 0;
    while (Until.running()) {
      checksum += roundTrip(round++);
    }
    System.out.println("done " + round + " checksum " + checksum);
  }

  /** The document written and read each round: built once, so the rounds are Jackson's work. */
  private static final Map<String, Object> DOCUMENT = document();

  /** Writes a document of a few hundred entries to JSON and reads it back. */
  static int roundTrip(int round) {
    String text = JSON.writeValueAsString(DOCUMENT);
    return JSON.readTree(text).get("lines").size() + text.length() + round % 2;
  }

  private static Map<String, Object> document() {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(Map.of("sku", "item-" + i, "quantity", i, "price", i * 1.25,
          "note", "a line of the order with some text to write and to read back"));
    }
    return Map.of("order", 42, "lines", lines);
  }
}
