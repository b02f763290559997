package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.jvm.CompiledFrames;
import dev.overclock.jvm.Frame;
import dev.overclock.jvm.SampleWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions about code changes, on an injected clock (seconds written as nanoseconds). */
class CodeChangeWatchTest {

  private static final long S = 1_000_000_000L;
  private static final Frame PRICE = new Frame("com.acme.Pricing", "price", "(I)J", 10);
  private static final Settings SETTINGS = new Settings(3 * S, 2, 2, 60 * S);

  private record Settings(long grace, int windows, int perWindow, long backoff) {}

  private static CodeChangeWatch watch() {
    return new CodeChangeWatch(new CodeChangeWatch.Settings(
        SETTINGS.grace(), SETTINGS.windows(), SETTINGS.perWindow(), SETTINGS.backoff()));
  }

  private static SampleWindow share(Frame method, long self) {
    return new SampleWindow(1_000, List.of(new SampleWindow.Counted(method, self, self)));
  }

  @Test
  void aChangeThatIsRecompiledInTime_settles_andChangesGoOn() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);
    assertThat(watch.changesAllowed(1 * S)).as("not settled yet").isZero();

    // interpreted for a moment (80% of the samples), then compiled again (21%)
    assertThat(watch.window(share(PRICE, 800), 1 * S)).isEmpty();
    assertThat(watch.window(share(PRICE, 210), 2 * S)).isEmpty();

    assertThat(watch.changesAllowed(2 * S)).isEqualTo(2);
    assertThat(watch.undone()).isEmpty();
  }

  @Test
  void aChangeThatLeavesTheMethodSlower_isUndone_andChangesStopForTheBackOff() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);

    assertThat(watch.window(share(PRICE, 850), 2 * S)).as("within the grace").isEmpty();
    assertThat(watch.window(share(PRICE, 850), 5 * S)).as("one window is not enough").isEmpty();
    List<CodeChangeWatch.Undo> undos = watch.window(share(PRICE, 850), 10 * S);

    assertThat(undos).singleElement().satisfies(undo -> {
      assertThat(undo.key()).isEqualTo(PRICE.key());
      assertThat(undo.reason()).contains("85%", "20%", "taken back");
    });
    assertThat(watch.isUndone(PRICE.key())).isTrue();
    assertThat(watch.changesAllowed(11 * S)).isZero();
    assertThat(watch.changesAllowed(71 * S)).isEqualTo(2);
  }

  @Test
  void aSlowerWindowBetweenNormalOnes_isNotEnough() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.20, 0);

    watch.window(share(PRICE, 900), 4 * S);
    watch.window(share(PRICE, 200), 5 * S);
    watch.window(share(PRICE, 900), 6 * S);

    assertThat(watch.undone()).isEmpty();
  }

  @Test
  void aSmallShare_isNoise_evenWhenItDoubles() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.01, 0);

    for (int i = 4; i < 10; i++) {
      watch.window(share(PRICE, 40), i * S);
    }

    assertThat(watch.undone()).isEmpty();
    assertThat(watch.changesAllowed(10 * S)).isEqualTo(2);
  }

  private static Map<String, CompiledFrames.Kinds> frames(Frame method, long interpreted,
      long compiled) {
    return Map.of(method.key(), new CompiledFrames.Kinds(interpreted, compiled));
  }

  @Test
  void aDominantMethodLeftInterpreted_cannotDoubleItsShare_butIsUndoneByItsFrames() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.90, 0);

    // 95% of the samples before and after: the share says nothing; the frames say interpreted.
    assertThat(watch.window(share(PRICE, 950), frames(PRICE, 900, 0), 2 * S))
        .as("within the grace").isEmpty();
    assertThat(watch.window(share(PRICE, 950), frames(PRICE, 900, 0), 4 * S)).isEmpty();
    List<CodeChangeWatch.Undo> undos =
        watch.window(share(PRICE, 950), frames(PRICE, 890, 10), 5 * S);

    assertThat(undos).singleElement().satisfies(undo ->
        assertThat(undo.reason()).contains("ran interpreted in 99% of its samples",
            "90% of all execution samples in its own code", "5.0 s after the change", "taken back"));
    assertThat(watch.recompiled()).isZero();
  }

  @Test
  void interpretedThenCompiled_isTheRecompilationSeen_andSettles() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.90, 0);

    watch.window(share(PRICE, 950), frames(PRICE, 900, 0), 1 * S);
    assertThat(watch.changesAllowed(1 * S)).as("not settled while interpreted").isZero();
    assertThat(watch.watchedKeys()).containsExactly(PRICE.key());
    watch.window(share(PRICE, 900), frames(PRICE, 3, 87), 2 * S);

    assertThat(watch.undone()).isEmpty();
    assertThat(watch.recompiled()).isEqualTo(1);
    assertThat(watch.slowestRecompileNanos()).isEqualTo(2 * S);
    assertThat(watch.watchedKeys()).isEmpty();
    assertThat(watch.changesAllowed(2 * S)).isEqualTo(2);
  }

  @Test
  void aMethodWhoseTimeGoesToWhatItCalls_isNeverUndoneForItsInterpretedFrames() {
    // 95% of the samples under it (a database driver it calls), 3% in its own code: its own
    // frame running interpreted costs little.
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.90, 0);

    for (int i = 4; i < 10; i++) {
      assertThat(watch.window(share(PRICE, 950), frames(PRICE, 30, 0), i * S)).isEmpty();
    }
    assertThat(watch.changesAllowed(10 * S)).isEqualTo(2);
  }

  @Test
  void aMethodFoundByItsWaits_isNeverUndoneForItsInterpretedFrames() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.0, 0);

    for (int i = 4; i < 10; i++) {
      assertThat(watch.window(share(PRICE, 20), frames(PRICE, 20, 0), i * S)).isEmpty();
    }
    assertThat(watch.changesAllowed(10 * S)).isEqualTo(2);
  }

  @Test
  void tooFewFramesToTell_isNotInterpreted() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.90, 0);

    for (int i = 4; i < 10; i++) {
      assertThat(watch.window(share(PRICE, 950), frames(PRICE, 4, 0), i * S)).isEmpty();
    }
    assertThat(watch.changesAllowed(10 * S)).isEqualTo(2);
  }

  @Test
  void everyHoldBackEnds_aChangeSettlesOrIsUndoneWithinTheGraceAndItsWindows() {
    // However busy the machine, new changes wait at most for the grace and the windows of the
    // change before them (and the back-off after an undo): never for the machine to calm down.
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.90, 0);
    long at = 0;
    while (watch.undone().isEmpty() && at < 30 * S) {
      at += S;
      watch.window(share(PRICE, 950), frames(PRICE, 900, 0), at);
    }
    assertThat(at).as("undone by then").isLessThanOrEqualTo(SETTINGS.grace() + 2 * S);
    assertThat(watch.changesAllowed(at + 60 * S)).isEqualTo(2);
  }

  @Test
  void afterTheLastUndoAllowed_noHotMethodIsChangedAgainInTheRun() {
    CodeChangeWatch watch = new CodeChangeWatch(new CodeChangeWatch.Settings(
        SETTINGS.grace(), SETTINGS.windows(), SETTINGS.perWindow(), 10 * S, 2));
    Frame other = new Frame("com.acme.Pricing", "discount", "(I)J", 20);
    watch.changed(PRICE.key(), 0.20, 0);
    watch.window(share(PRICE, 850), 4 * S);
    watch.window(share(PRICE, 850), 5 * S);
    assertThat(watch.stopped()).isFalse();
    assertThat(watch.changesAllowed(20 * S)).as("after the back-off").isEqualTo(2);

    watch.changed(other.key(), 0.20, 20 * S);
    watch.window(share(other, 850), 24 * S);
    watch.window(share(other, 850), 25 * S);

    assertThat(watch.undone()).hasSize(2);
    assertThat(watch.stopped()).isTrue();
    assertThat(watch.changesAllowed(1_000 * S)).isZero();
  }

  @Test
  void aChangeWithoutASignYet_staysWatched_butHoldsNoOtherChangeBack() {
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.40, 0);
    assertThat(watch.changesAllowed(0)).as("no window seen since the change").isZero();

    watch.window(share(PRICE, 400), 1 * S); // no frames of its own yet: JFR is late
    assertThat(watch.watchedKeys()).containsExactly(PRICE.key());
    assertThat(watch.changesAllowed(1 * S)).isEqualTo(2);

    watch.window(share(PRICE, 400), frames(PRICE, 300, 0), 2 * S); // then interpreted
    assertThat(watch.changesAllowed(2 * S)).isZero();
  }

  @Test
  void largerShareOutsideTheMethodsOwnCode_isTheWorkloadsNotTheChanges() {
    // A waiting method timed while its clients were still starting: 5% of the samples then,
    // 23% once the load is up, nearly all of it in what it calls (its own frames on top in 1%).
    CodeChangeWatch watch = watch();
    watch.changed(PRICE.key(), 0.05, 0);
    for (long i = 1; i <= 8; i++) {
      assertThat(watch.window(share(PRICE, 230), frames(PRICE, 2, 8), i * S))
          .as("window %d", i).isEmpty();
    }
    assertThat(watch.isUndone(PRICE.key())).isFalse();

    // Without frame kinds (none known), the share alone still decides.
    CodeChangeWatch shareOnly = watch();
    shareOnly.changed(PRICE.key(), 0.05, 0);
    boolean undone = false;
    for (long i = 1; i <= 8 && !undone; i++) {
      undone = !shareOnly.window(share(PRICE, 230), i * S).isEmpty();
    }
    assertThat(undone).isTrue();
  }
}
