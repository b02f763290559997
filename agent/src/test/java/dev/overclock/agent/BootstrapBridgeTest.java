package dev.overclock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.bootstrap.Dispatcher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BootstrapBridgeTest {

  @Test
  void classList_namesEveryClassOfTheBridgePackage() throws IOException, URISyntaxException {
    Path dir = Path.of(Dispatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/overclock/bootstrap");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".class") && !f.equals("package-info.class"))
              .map(f -> "dev.overclock.bootstrap." + f.substring(0, f.length() - ".class".length())))
          .containsExactlyInAnyOrderElementsOf(BootstrapBridge.CLASSES);
    }
  }
}
