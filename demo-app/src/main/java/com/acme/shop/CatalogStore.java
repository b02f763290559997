package com.acme.shop;

import dev.overclock.annotations.Timed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Product descriptions kept as one small text file per SKU in a temporary directory, written when
 * the store opens and deleted when it closes.
 *
 * <p>Exercises <em>timing of blocking file I/O</em>: {@link #loadDescription(String)} reads a file
 * with {@link Files} on every call (no cache, on purpose), once per order line, on the I/O pool.
 */
final class CatalogStore implements AutoCloseable {

  private final Path directory;

  private CatalogStore(Path directory) {
    this.directory = directory;
  }

  /** Creates the temporary directory and writes the description file of every catalogue SKU. */
  static CatalogStore create() throws IOException {
    Path directory = Files.createTempDirectory("overclock-demo-catalog-");
    CatalogStore store = new CatalogStore(directory);
    try {
      for (String sku : Catalogue.SKUS) {
        Files.writeString(store.fileOf(sku), Catalogue.description(sku), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * Reads the description of {@code sku} from its file.
   *
   * @throws IOException if the file cannot be read (for example an unknown SKU)
   */
  @Timed
  String loadDescription(String sku) throws IOException {
    return Files.readString(fileOf(sku), StandardCharsets.UTF_8);
  }

  Path directory() {
    return directory;
  }

  private Path fileOf(String sku) {
    return directory.resolve(sku + ".txt");
  }

  /** Deletes the description files and the directory; best effort, never throws. */
  @Override
  public void close() {
    try {
      if (Files.isDirectory(directory)) {
        List<Path> files;
        try (var listing = Files.list(directory)) {
          files = listing.toList();
        }
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(directory);
    } catch (IOException | RuntimeException e) {
      System.err.println("overclock demo: could not delete " + directory + ": " + e);
    }
  }
}
