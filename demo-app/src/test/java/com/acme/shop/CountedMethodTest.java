package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.annotations.Timed;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The printed {@code calls} lines must cover exactly the demo's {@code @Timed} methods. */
class CountedMethodTest {

  /** Every class compiled into the demo's package, found on disk next to {@link ShopDemo}. */
  private static List<Class<?>> demoClasses() throws Exception {
    Path directory = Path.of(ShopDemo.class.getResource("ShopDemo.class").toURI()).getParent();
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.equals("package-info.class")) {
          classes.add(Class.forName("com.acme.shop." + name.substring(0, name.length() - ".class".length())));
        }
      }
    }
    assertThat(classes).contains(PricingEngine.class, OrderService.class).hasSizeGreaterThan(20);
    return classes;
  }

  @Test
  void everyCountedMethodExistsAndIsTimedExactlyWhenItSaysSo() {
    for (CountedMethod counted : CountedMethod.values()) {
      List<Method> methods =
          Arrays.stream(counted.owner().getDeclaredMethods())
              .filter(m -> m.getName().equals(counted.methodName()))
              .collect(Collectors.toList());
      assertThat(methods).as(counted.id()).hasSize(1);
      assertThat(methods.get(0).isAnnotationPresent(Timed.class)).as(counted.id()).isEqualTo(counted.timed());
    }
  }

  @Test
  void everyTimedMethodIsCounted() throws Exception {
    Set<String> timed =
        demoClasses().stream()
            .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
            .filter(m -> m.isAnnotationPresent(Timed.class))
            .map(m -> m.getDeclaringClass().getName() + "::" + m.getName())
            .collect(Collectors.toSet());
    Set<String> counted =
        Arrays.stream(CountedMethod.values()).filter(CountedMethod::timed).map(CountedMethod::id).collect(Collectors.toSet());
    assertThat(counted).isEqualTo(timed);
  }

  @Test
  void idsAreTheNamesTheAgentReports() {
    assertThat(CountedMethod.QUOTE.id()).isEqualTo("com.acme.shop.PricingEngine::quote");
  }
}
