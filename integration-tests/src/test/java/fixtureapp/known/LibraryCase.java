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

  /** Writes a document of a few hundred entries to JSON and reads it back. */
  static int roundTrip(int round) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(Map.of("sku", "item-" + (round + i), "quantity", i, "price", i * 1.25));
    }
    String text = JSON.writeValueAsString(Map.of("order", round, "lines", lines));
    return JSON.readTree(text).get("lines").size() + text.length();
  }
}
