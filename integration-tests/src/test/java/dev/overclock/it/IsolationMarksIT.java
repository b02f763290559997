package dev.overclock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every integration test class says how it may run (see the pom's {@code it.parallel}):
 * {@code @Isolated} when its figures or decisions depend on the CPU it gets, or
 * {@code @Execution(CONCURRENT)} when its checks hold however slow the machine is. An unmarked
 * class would run beside the concurrent ones without anyone having decided that it may.
 */
@Execution(ExecutionMode.CONCURRENT)
class IsolationMarksIT {

  @Test
  void everyTestClass_isEitherIsolatedOrConcurrent_neverUnmarked() throws Exception {
    Path classes = Path.of(System.getProperty("overclock.it.classes"));
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.map(file -> classes.relativize(file).toString())
          .filter(name -> name.endsWith("IT.class") && !name.contains("$"))
          .forEach(name -> names.add(name.substring(0, name.length() - ".class".length())
              .replace(java.io.File.separatorChar, '.')));
    }
    assertThat(names).as("test classes under " + classes).hasSizeGreaterThan(20)
        .contains(IsolationMarksIT.class.getName());

    List<String> unmarked = new ArrayList<>();
    List<String> both = new ArrayList<>();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      boolean isolated = type.isAnnotationPresent(Isolated.class);
      Execution execution = type.getAnnotation(Execution.class);
      boolean concurrent = execution != null && execution.value() == ExecutionMode.CONCURRENT;
      if (isolated && concurrent) {
        both.add(name);
      } else if (!isolated && !concurrent) {
        unmarked.add(name);
      }
    }
    assertThat(unmarked).as("classes neither @Isolated nor @Execution(CONCURRENT)").isEmpty();
    assertThat(both).as("classes marked both ways").isEmpty();
  }
}
