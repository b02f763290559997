package dev.overclock.prometheus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP response, complete in memory: a scrape is small (tens of kilobytes compressed) and
 * built before the first byte is sent, so a client that reads slowly holds no lock and no thread.
 * Every response closes its connection.
 *
 * @param status the status code
 * @param headers name and value pairs, in order; {@code Content-Length} and {@code Connection}
 *     are added
 * @param body the body; for a {@code HEAD} request it is counted, not sent
 */
record Response(int status, List<String> headers, byte[] body) {

  Response {
    headers = List.copyOf(headers);
  }

  /** A short plain-text answer: an error, or where to go instead. */
  static Response text(int status, String body, String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Content-Type");
    all.add("text/plain; charset=utf-8");
    return new Response(status, all, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes to send: the head, then the body unless the request was {@code HEAD}. */
  ByteBuffer[] buffers(boolean head) {
    StringBuilder text = new StringBuilder(256);
    text.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      text.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
    }
    text.append("Content-Length: ").append(body.length).append("\r\n");
    // Closed after each response: a scraper opens one connection per scrape interval, and the
    // server never holds an idle connection for it.
    text.append("Connection: close\r\n\r\n");
    ByteBuffer start = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    return head
        ? new ByteBuffer[] {start}
        : new ByteBuffer[] {start, ByteBuffer.wrap(body)};
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      default -> "Status";
    };
  }
}
