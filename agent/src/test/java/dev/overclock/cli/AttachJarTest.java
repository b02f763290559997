package dev.overclock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar attach loads names the agent and finds its classes in the agent jar, never on boot. */
class AttachJarTest {

  @TempDir Path tmp;

  @Test
  void attachJar_namesTheAgentClass_putsTheAgentJarOnItsClassPath_andNoBootClassPath()
      throws Exception {
    Path agentJar = Files.createDirectory(tmp.resolve("a folder with spaces"))
        .resolve("overclock-agent.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(agentJar))) {
      out.putNextEntry(new java.util.jar.JarEntry("dev/overclock/agent/Marker.txt"));
      out.write("the agent jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }

    Path attachJar = AttachJar.write(agentJar);
    try {
      assertThat(Files.getPosixFilePermissions(attachJar.getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      try (JarFile jar = new JarFile(attachJar.toFile())) {
        Attributes main = jar.getManifest().getMainAttributes();
        assertThat(main.getValue("Agent-Class"))
            .isEqualTo(dev.overclock.agent.OverclockAgent.class.getName());
        assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
        assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
        assertThat(main.getValue("Boot-Class-Path")).isNull();
        assertThat(main.getValue("Premain-Class")).isNull();
      }
      // The class path a JVM builds from it reaches the agent jar (a folder name with spaces).
      try (URLClassLoader loader =
          new URLClassLoader(new URL[] {attachJar.toUri().toURL()}, null)) {
        assertThat(loader.getResource("dev/overclock/agent/Marker.txt")).isNotNull();
      }
    } finally {
      AttachJar.delete(attachJar);
    }
    assertThat(attachJar.getParent()).doesNotExist();
  }
}
