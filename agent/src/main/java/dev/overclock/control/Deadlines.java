package dev.overclock.control;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reads and writes a socket channel with a deadline. A Unix-domain channel has no socket timeout,
 * and the agent's single channel thread must never hang on a peer that connects and then stays
 * silent (or never reads its reply): every operation here gives up when its deadline passes.
 */
final class Deadlines {

  private Deadlines() {}

  /** A deadline {@code millis} from now, in {@link System#nanoTime()} terms. */
  static long after(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /**
   * Reads up to and excluding the first line break, at most {@code maxBytes}.
   *
   * @throws IOException when the peer closes first, the line is too long, or time runs out
   */
  static String readLine(SocketChannel channel, int maxBytes, long deadline) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
    channel.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        for (int i = 0; i < buffer.position(); i++) {
          if (buffer.get(i) == '\n') {
            return new String(buffer.array(), 0, i, StandardCharsets.UTF_8).strip();
          }
        }
        if (!buffer.hasRemaining()) {
          throw new IOException("request longer than " + maxBytes + " bytes");
        }
        await(selector, deadline);
        if (channel.read(buffer) < 0) {
          throw new IOException("the peer closed the connection before a full line");
        }
      }
    }
  }

  /** Reads everything until the peer closes, at most {@code maxBytes}. */
  static String readAll(SocketChannel channel, int maxBytes, long deadline) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    channel.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() >= maxBytes) {
            throw new IOException("reply longer than " + maxBytes + " bytes");
          }
          ByteBuffer larger = ByteBuffer.allocate(Math.min(maxBytes, buffer.capacity() * 2));
          buffer.flip();
          larger.put(buffer);
          buffer = larger;
        }
        int read = channel.read(buffer);
        if (read < 0) {
          return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
        if (read == 0) {
          await(selector, deadline);
        }
      }
    }
  }

  /** Writes all of {@code text}. */
  static void write(SocketChannel channel, String text, long deadline) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    channel.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_WRITE);
      while (buffer.hasRemaining()) {
        if (channel.write(buffer) == 0) {
          await(selector, deadline);
        }
      }
    }
  }

  private static void await(Selector selector, long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0 || selector.select(left) == 0 && System.nanoTime() - deadline >= 0) {
      throw new SocketTimeoutException("no answer in time");
    }
    selector.selectedKeys().clear();
  }
}
