package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MethodIdsTest {

  private final AtomicReference<String[]> published = new AtomicReference<>();

  @Test
  void register_publishesTheMethod_beforeItsIdIsHandedOut() {
    MethodIds<String> ids = MethodIds.perLoader(String[]::new, published::set);

    int id = ids.register(null, "a::m()V", existing -> true, fresh -> "m#" + fresh);

    assertThat(published.get()[id]).isEqualTo("m#" + id);
  }

  @Test
  void sameKey_sameId_perLoader_butNotAcrossLoaders() {
    MethodIds<String> ids = MethodIds.perLoader(String[]::new, published::set);
    ClassLoader other = new ClassLoader() {};

    int here = ids.register(null, "a::m()V", existing -> true, fresh -> "here");
    int there = ids.register(other, "a::m()V", existing -> true, fresh -> "there");

    assertThat(ids.register(null, "a::m()V", existing -> true, fresh -> "again")).isEqualTo(here);
    assertThat(there).isNotEqualTo(here);
    assertThat(ids.idOf(other, "a::m()V")).isEqualTo(there);
    assertThat(ids.idOf(new ClassLoader() {}, "a::m()V")).isEqualTo(-1);
    assertThat(published.get()[here]).isEqualTo("here");
  }

  @Test
  void acrossLoaders_oneIdForEveryLoader() {
    MethodIds<String> ids = MethodIds.acrossLoaders(String[]::new, published::set);

    int first = ids.register(new ClassLoader() {}, "a::m()V", existing -> true, fresh -> "m");

    assertThat(ids.register(null, "a::m()V", existing -> true, fresh -> "again")).isEqualTo(first);
    assertThat(ids.idOf(new ClassLoader() {}, "a::m()V")).isEqualTo(first);
  }

  @Test
  void reRegistration_thatRejectsTheOldObject_keepsTheId_andPublishesAFreshCopy() {
    MethodIds<String> ids = MethodIds.perLoader(String[]::new, published::set);
    int id = ids.register(null, "a::m()V", existing -> true, fresh -> "old");
    String[] before = published.get();
    ids.woven(id);

    int again = ids.register(null, "a::m()V", existing -> existing.equals("new"), fresh -> "new");

    assertThat(again).isEqualTo(id);
    assertThat(published.get()[id]).isEqualTo("new");
    assertThat(before[id]).isEqualTo("old"); // a reader of the old table is not written under
    assertThat(ids.woven()).containsExactly("new");
    assertThat(ids.count()).isEqualTo(1);
  }

  @Test
  void onlyWovenMethods_areListed_inRegistrationOrder_beyondTheInitialCapacity() {
    MethodIds<String> ids = MethodIds.perLoader(String[]::new, published::set);
    for (int i = 0; i < 100; i++) {
      String name = "m" + i;
      int id = ids.register(null, "a::" + name + "()V", existing -> true, fresh -> name);
      if (i % 3 == 0) {
        ids.woven(id);
      }
    }

    assertThat(ids.woven()).hasSize(34).startsWith("m0", "m3").endsWith("m99");
    assertThat(ids.registered()).hasSize(100);
    assertThat(published.get()[99]).isEqualTo("m99");
    assertThat(ids.isWoven(null, "a::m99()V")).isTrue();
    assertThat(ids.isWoven(null, "a::m98()V")).isFalse();
    assertThat(ids.isWoven(null, "nope::nope()V")).isFalse();
  }
}
