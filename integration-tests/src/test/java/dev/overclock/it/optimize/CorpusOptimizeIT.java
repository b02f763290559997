package dev.overclock.it.optimize;

import static dev.overclock.it.support.LiveReports.named;
import static dev.overclock.it.support.LiveReports.readNow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.it.support.Await;
import dev.overclock.it.support.BackgroundProcess;
import dev.overclock.it.support.Jdk;
import dev.overclock.it.support.Jdks;
import dev.overclock.it.support.JvmLauncher;
import dev.overclock.it.support.RunResult;
import fixtureapp.known.CorpusCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;

/**
 * The look-alike corpus under {@code auto=optimize} (issue 14): {@link CorpusCase} runs once
 * without the agent and once with it, side by side, to the same round count. Every checksum the
 * program prints must be the same in both runs; its five pure methods must pass the purity gate
 * and every verification (at least two of them served from the cache and faster with it; the
 * gain check, on a shared machine, may undo the others as "not faster"); none of its 21 impure
 * look-alikes may be memoized, and each the memoizer considered must be refused or undone with a
 * reason (at least a quarter of them are decided within the run: the others may stay under the
 * memoizer's 2% share of the timed time, or, on a loaded machine, untimed). The run ends when the
 * decisions are in (see {@link #MAX_SECONDS}), not after a fixed time.
 */
@Isolated
class CorpusOptimizeIT {

  private static final Jdk JDK = Jdks.current();
  // 1 ms samples: the corpus has 26 hot methods, each needs 10 samples in a 1 s window to be
  // found, on a machine shared with the run without the agent. The overhead budget is off, as in
  // AutoOptimizeIT: under auto=optimize the governor no longer sheds argument sampling nor the
  // timed methods, but on a busy machine it would still double the JFR sample interval, and the
  // corpus needs every sample it can get to find its 26 methods.
  private static final String OPTIONS = "auto=optimize,auto.window=1s,jfr.sampleinterval=1ms,"
      + "report.interval=500ms,summary=false,overhead.budget=off";
  /**
   * The longest the run goes on waiting for decisions. It ends before, as soon as every corpus
   * method is decided (about 55 s on a quiet machine), or once what the test asserts is in (two
   * pure methods served and proven faster, a quarter of the impure ones decided) and no new
   * decision came for {@link #STALL_SECONDS}. Under load a fixed 50 s decided only 2-4 of the 21
   * impure look-alikes (load average 20-31 on 2 cores). The longer run does not cure heavy load:
   * at load average 12 (JVMs at nice 19 beside ten busy loops) 3 of 21 were decided in 200 s.
   * Few of the 26 methods get the 10 execution samples of their own a 1 s window needs to be
   * timed, while the driver {@code Rounds::call} is timed as the caller of hot code; its
   * inclusive time then dwarfs the sum of timed time the memoizer's 2% share is taken of, and
   * methods timed later stay under it (docs/auto-optimize.md, "The look-alike corpus").
   */
  private static final int MAX_SECONDS = 200;
  // 20 s: once what the test asserts is in, a longer wait only adds decisions to the log (60 s
  // made this the suite's longest test, 109 s of a 12:38 min CI run on 2026-12-04).
  private static final int STALL_SECONDS = 20;
  private static final String CLASS = CorpusCase.class.getName();

  @Test
  void onlyThePureLookAlikesAreMemoized_withEveryResultAsWithoutTheAgent() throws Exception {
    Path work = JvmLauncher.newWorkDir("corpus");
    Run optimized = new Run(work, "optimized", true);
    Run plain = new Run(work, "plain", false);
    try {
      Path json = optimized.app.workDir().resolve("overclock-report").resolve("report.json");
      Decisions decisions = new Decisions();
      try {
        Await.until(Duration.ofSeconds(MAX_SECONDS), "the corpus decided",
            () -> !optimized.app.isAlive() || decisions.enough(readNow(json), System.nanoTime())
                ? Boolean.TRUE : null,
            optimized.app::describe);
      } catch (RuntimeException | AssertionError e) {
        // the report at exit is asserted, with its contents in the message
      }
      System.out.println("corpus run ended after " + decisions.seconds(System.nanoTime())
          + " s: " + decisions);
      // Both runs stop at the same round, one neither has reached yet: a margin of a few seconds
      // of rounds (a round takes about 5 ms), so that a test thread a loaded machine keeps
      // waiting between reading and writing does not find a run past it.
      long target = Math.max(optimized.progress(), plain.progress()) + 512;
      optimized.stopAt(target);
      plain.stopAt(target);
      RunResult withAgent = optimized.app.awaitExit(Duration.ofSeconds(90));
      RunResult without = plain.app.awaitExit(Duration.ofSeconds(90));
      assertThat(withAgent.exitCode()).as(withAgent.describe()).isZero();
      assertThat(without.exitCode()).as(without.describe()).isZero();

      // Every result as without the agent: one checksum per method, and the same rounds.
      assertThat(withAgent.stdout()).contains("done " + target);
      assertThat(withAgent.programOutput()).isEqualTo(without.programOutput());

      JsonNode report = withAgent.reportJson();
      String all = report.path("optimizations").toString();
      int served = 0;
      for (String method : CorpusCase.PURE) {
        // A pure method passes the purity gate and every verification. Whether the cache then
        // paid is the gain check's call, on timings of a machine shared with the plain run: it
        // may undo a pure method as "not faster", never for any other reason.
        JsonNode change = named(report.path("optimizations"), name(method));
        if (change == null) {
          // not decided within the run: argument sampling now takes 1,000 calls a method, and
          // on a busy machine one pure method (parsePositive in CI) had not reached a decision;
          // the two served and faster below are still required
          continue;
        }
        String state = change.path("state").asString();
        if (state.equals("undone")) {
          assertThat(change.path("reason").asString()).as(change.toString())
              .startsWith("not faster");
          continue;
        }
        assertThat(state).as(change.toString()).isEqualTo("applied");
        JsonNode memo = named(report.path("memoized"), name(method));
        assertThat(memo.path("selectedBy").asString()).isEqualTo("auto");
        assertThat(memo.path("verifyFailures").asLong()).as(memo.toString()).isZero();
        JsonNode gain = change.path("gain");
        if (memo.path("hits").asLong() > 0 && gain.path("verdict").asString().equals("proven")) {
          // Faster as the gain check measures it: medians of timed calls before and with the
          // cache (the mean per call also counts the verified calls, which run the method and
          // more, and a busy machine's outliers: CI saw 231 us before, 249 us after while the
          // medians were 52 us and 12 us).
          assertThat(gain.path("medianNanosAfter").asDouble()).as("faster: " + change)
              .isLessThan(gain.path("medianNanosBefore").asDouble());
          served++;
        }
      }
      assertThat(served).as("pure methods served from the cache and faster: " + all)
          .isGreaterThanOrEqualTo(2);
      List<String> reasons = new ArrayList<>();
      for (String method : CorpusCase.IMPURE) {
        JsonNode memo = named(report.path("memoized"), name(method));
        assertThat(memo == null || !memo.path("state").asString().equals("active"))
            .as("never memoized: " + memo).isTrue();
        JsonNode change = named(report.path("optimizations"), name(method));
        if (change == null) {
          continue; // never a candidate in this run (under 2% of the timed time, say)
        }
        assertThat(change.path("state").asString()).as(change.toString())
            .isIn("refused", "undone");
        assertThat(change.path("reason").asString()).as(change.toString()).isNotBlank();
        reasons.add(method + ": " + change.path("state").asString() + ", "
            + change.path("reason").asString());
      }
      // At least a quarter decided within the run: two thirds before argument sampling took
      // 1,000 calls a method instead of 500 (runs of 2026-12-04 then decided 9 and 12 of 21 in
      // the 50 s); none is ever memoized (above), which is what matters.
      assertThat(reasons.size()).as("impure look-alikes decided: " + reasons)
          .isGreaterThanOrEqualTo(CorpusCase.IMPURE.size() / 4);
      System.out.println("corpus decisions:\n  " + String.join("\n  ", reasons));
    } finally {
      optimized.app.close();
      plain.app.close();
    }
  }

  /**
   * When the run has said enough: every corpus method decided (pure ones applied and measured,
   * the rest not), or the evidence the test asserts in and no new decision for {@link
   * #STALL_SECONDS}.
   */
  private static final class Decisions {
    private final long start = System.nanoTime();
    private int decided = -1;
    private int impure;
    private int proven;
    private long lastChange = start;

    boolean enough(JsonNode report, long now) {
      int pureDecided = 0;
      int provenNow = 0;
      boolean all = true;
      for (String method : CorpusCase.PURE) {
        JsonNode change = named(report.path("optimizations"), name(method));
        if (change == null || change.path("perCallNanosAfter").asDouble() <= 0
            && change.path("state").asString().matches("verifying|applied")) {
          all = false;
        } else {
          pureDecided++;
        }
        if (change != null && change.path("gain").path("verdict").asString().equals("proven")) {
          provenNow++;
        }
      }
      int impureNow = 0;
      for (String method : CorpusCase.IMPURE) {
        if (named(report.path("optimizations"), name(method)) == null) {
          all = false;
        } else {
          impureNow++;
        }
      }
      if (pureDecided + impureNow != decided || provenNow != proven) {
        decided = pureDecided + impureNow;
        impure = impureNow;
        proven = provenNow;
        lastChange = now;
      }
      return all || proven >= 2 && impure >= CorpusCase.IMPURE.size() / 4
          && now - lastChange > Duration.ofSeconds(STALL_SECONDS).toNanos();
    }

    long seconds(long now) {
      return (now - start) / 1_000_000_000L;
    }

    @Override
    public String toString() {
      return Math.max(0, decided) + " of " + (CorpusCase.PURE.size() + CorpusCase.IMPURE.size())
          + " methods decided (" + impure + " impure), " + proven + " pure proven faster";
    }
  }

  private static String name(String method) {
    return CLASS + method;
  }



  /** One run of the corpus, with the files it is steered by. */
  private static final class Run {
    final Path stop;
    final Path progress;
    final BackgroundProcess app;

    Run(Path work, String name, boolean agent) {
      stop = work.resolve(name + ".stop");
      progress = work.resolve(name + ".progress");
      JvmLauncher launcher = JvmLauncher.java(JDK).fullJit();
      if (agent) {
        launcher.agent(OPTIONS);
      }
      app = launcher.args("-cp", JvmLauncher.TEST_CLASSES.toString(), CLASS, stop.toString(),
          progress.toString(), Integer.toString(MAX_SECONDS + 60)).named("corpus-" + name)
          .start();
    }

    /**
     * The rounds the run has done, as it last wrote them (moved into place whole, so never read
     * half written): under load a progress read as 0 once set the common target below a run
     * already past it, and the two runs stopped at different rounds.
     */
    long progress() throws IOException {
      return Files.isRegularFile(progress) ? Long.parseLong(Files.readString(progress).trim()) : 0;
    }

    void stopAt(long round) throws IOException {
      Path next = stop.resolveSibling(stop.getFileName() + ".tmp");
      Files.writeString(next, Long.toString(round));
      Files.move(next, stop, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
