package dev.overclock.prometheus;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The part of an HTTP/1.x request the endpoint reads: the request line and the header fields, as
 * one bounded block of bytes. A request body is never read ({@code GET} and {@code HEAD} have
 * none).
 *
 * @param method the method, as sent ({@code GET})
 * @param path the target's path, without query ({@code /metrics})
 * @param headers the first value of each header field, by lower-case name
 */
record RequestHead(String method, String path, Map<String, String> headers) {

  /** The first value of a header field, or {@code null}. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /**
   * Where the head ends in {@code bytes[0..length)}: the index after its empty line, or -1 when it
   * has not all arrived. Bare line feeds are accepted as line ends, as HTTP allows.
   */
  static int end(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (i + 1 < length && bytes[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /**
   * Reads a head (the bytes up to {@link #end}).
   *
   * @throws IllegalArgumentException when it is no HTTP/1.x request head
   */
  static RequestHead parse(byte[] bytes, int length) {
    // ISO-8859-1 maps every byte to one char: nothing to decode, nothing that can fail.
    String text = new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n");
    String[] request = lines[0].split(" ", -1);
    if (request.length != 3 || !request[0].matches("[A-Z]{1,16}")
        || !request[2].matches("HTTP/1\\.\\d")) {
      throw new IllegalArgumentException("not an HTTP/1.x request line");
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
          || line.substring(0, colon).matches(".*\\s.*")) {
        throw new IllegalArgumentException("a malformed header field");
      }
      headers.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    return new RequestHead(request[0], path(request[1]), Map.copyOf(headers));
  }

  /** The path of an origin-form ({@code /metrics?x}) or absolute-form ({@code http://h/metrics}) target. */
  private static String path(String target) {
    if (target.startsWith("/")) {
      int end = target.length();
      for (char stop : new char[] {'?', '#'}) {
        int at = target.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      return target.substring(0, end);
    }
    try {
      String path = URI.create(target).getRawPath();
      return path == null || path.isEmpty() ? "/" : path;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a malformed request target");
    }
  }
}
