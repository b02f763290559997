package dev.overclock.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README gets a newcomer to their own application: its table of contents and every link
 * lead somewhere, and the dependency it tells them to add is the artifact this build makes.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReadmeLinksIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void everyLink_toAHeadingOrAFile_resolves() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).forEach(files::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http://") || target.startsWith("https://")) {
          continue;
        }
        int hash = target.indexOf('#');
        Path linked = hash == 0 ? file
            : file.getParent().resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
        if (!Files.exists(linked)) {
          broken.add(ROOT.relativize(file) + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(Files.readString(linked))
            .contains(target.substring(hash + 1))) {
          broken.add(ROOT.relativize(file) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void readme_leadsWithTheTwoCommands_thenItsContents() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int quickstart = readme.indexOf("## Quickstart");
    int contents = readme.indexOf("## Contents");
    assertThat(quickstart).isPositive().isLessThan(contents);
    String start = readme.substring(quickstart, contents);
    assertThat(start).contains("java -javaagent:agent/target/overclock-agent.jar -jar"
        + " demo-app/target/demo-app.jar", "mvn -B verify").containsPattern("about \\d+ s");
    assertThat(readme.substring(0, quickstart).lines().count())
        .as("the introduction stays short").isLessThan(25);
  }

  /**
   * The README is the way in, not the reference: short, every section of it in its contents, and
   * every page of docs/ linked from it, so that moving reference text out loses nothing.
   */
  @Test
  void readme_isShort_listsEverySection_andLinksEveryDocsPage() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme.lines().count()).as("README.md lines").isLessThan(500);
    String contents = readme.substring(readme.indexOf("## Contents"),
        readme.indexOf("\n## ", readme.indexOf("## Contents") + 1));
    List<String> missing = new ArrayList<>();
    for (String line : readme.lines().toList()) {
      if (line.startsWith("## ") && !line.equals("## Contents") && !line.equals("## License")) {
        String anchor = anchors(line).iterator().next();
        if (!contents.contains("(#" + anchor + ")")) {
          missing.add(line);
        }
      }
    }
    assertThat(missing).as("sections not in the contents").isEmpty();
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      assertThat(docs.map(file -> "docs/" + file.getFileName())
          .filter(page -> page.endsWith(".md") && !readme.contains("(" + page + ")")))
          .as("docs pages the README does not link").isEmpty();
    }
  }

  @Test
  void theDependencyToAdd_isTheAnnotationsArtifactThisBuildMakes() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String annotations = Files.readString(ROOT.resolve("annotations/pom.xml"));
    String group = first(parent, "<groupId>([^<]+)</groupId>");
    String version = first(parent, "<version>([^<]+)</version>");
    assertThat(annotations).contains("<artifactId>overclock-annotations</artifactId>");

    int own = readme.indexOf("## Your own application");
    assertThat(own).as("a section for one's own application").isPositive();
    String section = readme.substring(own, readme.indexOf("\n## ", own + 1));
    assertThat(section).as("from a fresh clone, for each way an application runs")
        .contains("mvn -B -q -DskipTests install", "-javaagent:", "Spring Boot", "Gradle",
            "jvmArgs", "Maven", "JAVA_TOOL_OPTIONS", "container", "@Timed");
    assertThat(readme).contains("<groupId>" + group + "</groupId>",
        "<artifactId>overclock-annotations</artifactId>", "<version>" + version + "</version>",
        "'" + group + ":overclock-annotations:" + version + "'");
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    boolean code = false;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("```")) {
        code = !code;
      }
      if (!code && line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static String first(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as(regex).isTrue();
    return matcher.group(1);
  }
}
