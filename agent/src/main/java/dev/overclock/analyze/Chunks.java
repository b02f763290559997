package dev.overclock.analyze;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chunk headers of a recording: enough to tell a JFR file from anything else before the
 * parser sees it, to find where a truncated or corrupted file stops being readable, and to turn
 * an event's time into a file position for the progress line.
 *
 * <p>A recording is a sequence of self-contained chunks, each starting with a 68-byte header
 * (magic {@code FLR\0}, version, chunk size, constant-pool and metadata offsets, start time and
 * duration). Only headers are read: a few bytes per chunk, however large the file. JFR writes a
 * chunk's metadata at its end, so a chunk cut short cannot be read at all; the chunks before it
 * can.
 */
final class Chunks {

  static final int HEADER_BYTES = 68;
  private static final byte[] MAGIC = {'F', 'L', 'R', 0};

  /** One complete chunk. */
  record Chunk(long offset, long size, long startNanos, long durationNanos) {}

  final long fileBytes;
  final List<Chunk> chunks;
  /** Where the readable part ends and why, or {@code null} when every byte belongs to a chunk. */
  final String stoppedAt;

  private Chunks(long fileBytes, List<Chunk> chunks, String stoppedAt) {
    this.fileBytes = fileBytes;
    this.chunks = List.copyOf(chunks);
    this.stoppedAt = stoppedAt;
  }

  /** Thrown when nothing of the file can be read as a recording; the message is for the user. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  static Chunks read(Path file) throws Unreadable {
    if (!Files.exists(file)) {
      throw new Unreadable(file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new Unreadable(file + ": is a directory, not a .jfr recording");
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long size = in.length();
      if (size == 0) {
        throw new Unreadable(file + ": empty file (0 bytes), not a recording");
      }
      byte[] head = new byte[HEADER_BYTES];
      List<Chunk> chunks = new ArrayList<>();
      long offset = 0;
      String stopped = null;
      while (offset < size) {
        int got = readFully(in, offset, head);
        if (!isMagic(head, got)) {
          if (offset == 0) {
            throw new Unreadable(file + ": not a JFR recording (" + describeStart(head, got) + ")");
          }
          stopped = String.format(Locale.ROOT, "byte %d of %d: no chunk starts there (the file is"
              + " corrupted after chunk %d)", offset, size, chunks.size());
          break;
        }
        if (got < HEADER_BYTES) {
          stopped = String.format(Locale.ROOT, "byte %d of %d: chunk %d is cut short within its"
              + " header (the file is truncated)", offset, size, chunks.size() + 1);
          break;
        }
        long chunkSize = longAt(head, 8);
        if (chunkSize < HEADER_BYTES) {
          stopped = String.format(Locale.ROOT, "byte %d of %d: chunk %d has no valid size (it was"
              + " still being written, or the file is corrupted)", offset, size,
              chunks.size() + 1);
          break;
        }
        if (chunkSize > size - offset) { // not offset + chunkSize: a crafted size overflows it
          stopped = String.format(Locale.ROOT, "byte %d of %d: chunk %d needs %d bytes but only"
              + " %d are there (the file is truncated)", offset, size, chunks.size() + 1,
              chunkSize, size - offset);
          break;
        }
        chunks.add(new Chunk(offset, chunkSize, longAt(head, 32), longAt(head, 40)));
        offset += chunkSize;
      }
      if (chunks.isEmpty()) {
        throw new Unreadable(file + ": nothing readable: " + stopped + "; JFR writes a chunk's"
            + " metadata at its end, so a cut chunk cannot be read");
      }
      return new Chunks(size, chunks, stopped);
    } catch (IOException e) {
      throw new Unreadable(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** Bytes in complete chunks: what the parser may read. */
  long readableBytes() {
    Chunk last = chunks.get(chunks.size() - 1);
    return last.offset() + last.size();
  }

  /**
   * About where in the file the events of this time are: the parser reads chunk by chunk, and a
   * chunk's events are spread over its time span.
   */
  long position(long epochNanos) {
    for (Chunk chunk : chunks) {
      long end = chunk.startNanos() + chunk.durationNanos();
      if (epochNanos <= end || chunk == chunks.get(chunks.size() - 1)) {
        double within = chunk.durationNanos() <= 0 ? 1
            : Math.max(0, Math.min(1, (double) (epochNanos - chunk.startNanos())
                / chunk.durationNanos()));
        return chunk.offset() + Math.round(chunk.size() * within);
      }
    }
    return fileBytes;
  }

  private static int readFully(RandomAccessFile in, long offset, byte[] into) throws IOException {
    in.seek(offset);
    int total = 0;
    while (total < into.length) {
      int n = in.read(into, total, into.length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private static boolean isMagic(byte[] head, int got) {
    if (got < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String describeStart(byte[] head, int got) {
    if (got >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return "it is gzip-compressed: unpack it first, e.g. gunzip -k";
    }
    if (got >= 2 && head[0] == 'P' && head[1] == 'K') {
      return "it is a zip archive: extract the .jfr file first";
    }
    return "it does not start with the JFR magic bytes FLR\\0";
  }

  private static long longAt(byte[] bytes, int at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[at + i] & 0xff);
    }
    return value;
  }
}
