package dev.overclock.analyze;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts the events of a recording's complete chunks from the records' headers alone: the
 * analysis parses only the event types its report uses, yet reports how many events the file
 * holds, as when it parsed them all.
 *
 * <p>After its 68-byte header, a chunk is a sequence of records, each starting with its size and
 * its type id (compressed integers when the header's feature flag says so, as every JDK 17+
 * writes; else a 4-byte size and an 8-byte id). Type 0 is the chunk's metadata, type 1 a constant
 * pool, any other an event. Only these few bytes of each record are decoded, through one small
 * buffer, so counting reads the file once and keeps nothing of it.
 */
final class EventCount {

  private static final int FEATURES_AT = 64;
  private static final int COMPRESSED_INTEGERS = 1;
  private static final int WINDOW = 1 << 16;
  private static final int LONGEST_HEADER = 18; // two compressed longs of 9 bytes

  private final FileChannel channel;
  /**
   * Direct: the channel reads into it, where a heap buffer is filled through a temporary direct
   * one and copied (the whole file, once more, on every analysis).
   */
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(WINDOW);
  private long windowStart = -1;

  private EventCount(FileChannel channel) {
    this.channel = channel;
  }

  /** The events in the chunks, not counting metadata and constant pools. */
  static long of(Path file, Chunks chunks) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      EventCount count = new EventCount(channel);
      long events = 0;
      for (Chunks.Chunk chunk : chunks.chunks) {
        events += count.inChunk(chunk);
      }
      return events;
    }
  }

  private long inChunk(Chunks.Chunk chunk) throws IOException {
    at(chunk.offset() + FEATURES_AT);
    boolean compressed = (buffer.getInt() & COMPRESSED_INTEGERS) != 0;
    long end = chunk.offset() + chunk.size();
    long position = chunk.offset() + Chunks.HEADER_BYTES;
    long events = 0;
    while (position < end) {
      at(position);
      long size = compressed ? varLong() : buffer.getInt();
      long type = compressed ? varLong() : buffer.getLong();
      if (size <= 0 || position + size > end) {
        throw new IOException("no valid record at byte " + position);
      }
      if (type > 1) {
        events++;
      }
      position += size;
    }
    return events;
  }

  /** Positions the buffer at {@code position}, with a record header's bytes available. */
  private void at(long position) throws IOException {
    long inWindow = position - windowStart;
    if (windowStart >= 0 && inWindow >= 0 && inWindow + LONGEST_HEADER <= buffer.limit()) {
      buffer.position((int) inWindow);
      return;
    }
    buffer.clear();
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        break;
      }
    }
    buffer.flip();
    windowStart = position;
    if (buffer.limit() == 0) {
      throw new EOFException("the file ends at byte " + position);
    }
  }

  /** JFR's compressed long: 7 bits a byte, low bits first, the ninth byte whole. */
  private long varLong() {
    long value = 0;
    for (int shift = 0; shift < 56; shift += 7) {
      byte b = buffer.get();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    return value | (long) (buffer.get() & 0xff) << 56;
  }
}
