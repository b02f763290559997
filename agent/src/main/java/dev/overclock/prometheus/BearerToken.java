package dev.overclock.prometheus;

import dev.overclock.config.SecretReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The bearer token scrapes must carry ({@code Authorization: Bearer <token>}). It is read once,
 * when the endpoint starts, from the file or environment variable the option names; it appears in
 * no message, no report and no {@code toString}: a message says where it came from, never what it
 * is.
 */
final class BearerToken {

  /** RFC 6750's token characters; a file's trailing line end is not part of the token. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private static final int MAX_BYTES = 4096;

  private final byte[] expected;
  private final String source;

  private BearerToken(byte[] expected, String source) {
    this.expected = expected;
    this.source = source;
  }

  /**
   * Reads the token.
   *
   * @param environment the environment variable's value by name ({@code System::getenv})
   * @throws IllegalArgumentException naming the reference and why it gives no token, never its
   *     content
   */
  static BearerToken read(SecretReference reference, UnaryOperator<String> environment) {
    String value;
    if (reference.isFile()) {
      // At most 4 KiB: a token is short, and the path might name a device that never ends.
      try (InputStream in = Files.newInputStream(Path.of(reference.name()))) {
        value = new String(in.readNBytes(MAX_BYTES + 1), StandardCharsets.ISO_8859_1);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read the token file " + reference.name()
            + ": " + e.getClass().getSimpleName());
      }
    } else {
      value = environment.apply(reference.name());
      if (value == null) {
        throw new IllegalArgumentException(
            "the environment variable " + reference.name() + " is not set");
      }
    }
    String token = value.strip();
    if (token.length() > MAX_BYTES || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("the token from " + reference + " is empty or has"
          + " characters a bearer token cannot have (letters, digits and -._~+/ only)");
    }
    return new BearerToken(token.getBytes(StandardCharsets.US_ASCII), reference.toString());
  }

  /** Whether an {@code Authorization} header carries the token (compared in constant time). */
  boolean accepts(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.ISO_8859_1);
    return MessageDigest.isEqual(expected, given);
  }

  @Override
  public String toString() {
    return "the bearer token from " + source;
  }
}
