package dev.overclock.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/** The agent jar this command line runs from: the jar it loads into other JVMs. */
final class AgentJar {

  private AgentJar() {}

  static Path path() throws CliException {
    // The command line and the agent are one jar: where this class came from is the agent jar.
    CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
    try {
      Path jar = source == null ? null : Path.of(source.getLocation().toURI());
      if (jar != null && Files.isRegularFile(jar)) {
        return jar.toAbsolutePath();
      }
      throw CliException.failed("attach loads the agent jar it runs from, but this command runs"
          + " from " + jar + "; run it as java -jar overclock-agent.jar");
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw CliException.failed("cannot find the agent jar: " + e.getMessage());
    }
  }
}
