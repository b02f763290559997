package com.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopWorkloadTest {

  private static final int ORDERS = 60;

  @Test
  void resultsDoNotDependOnThreadCounts() throws Exception {
    List<String> serial = run(1, 1, ORDERS).resultLines();
    List<String> parallel = run(3, 8, ORDERS).resultLines();

    assertThat(parallel).isEqualTo(serial);
    assertThat(serial).contains("calls com.acme.shop.OrderService::process " + ORDERS);
    assertThat(serial).anyMatch(line -> line.matches("checksum all [0-9a-f]{16}"));
  }

  @Test
  void countsEveryCallOfEveryStage() throws Exception {
    RunSummary summary = run(2, 4, ORDERS);

    // The same orders, generated again, tell what each stage must have seen.
    OrderGenerator generator = new OrderGenerator(OrderGenerator.SEED, RoadGraph.generate(OrderGenerator.SEED));
    OrderValidator validator = new OrderValidator();
    long rejected = 0;
    long acceptedLines = 0;
    for (int i = 0; i < ORDERS; i++) {
      Order order = generator.next();
      try {
        validator.validate(order);
        acceptedLines += order.lines().size();
      } catch (InvalidOrderException e) {
        rejected++;
      }
    }
    long accepted = ORDERS - rejected;

    assertThat(summary.calls(CountedMethod.PROCESS)).isEqualTo(ORDERS);
    assertThat(summary.calls(CountedMethod.VALIDATE)).isEqualTo(ORDERS);
    assertThat(summary.errors(CountedMethod.VALIDATE)).isEqualTo(rejected).isPositive();
    assertThat(summary.calls(CountedMethod.QUOTE)).isEqualTo(acceptedLines);
    assertThat(summary.calls(CountedMethod.LOAD_DESCRIPTION)).isEqualTo(acceptedLines);
    assertThat(summary.calls(CountedMethod.SHORTEST_PATH)).isEqualTo(accepted);
    assertThat(summary.calls(CountedMethod.FETCH_STOCK)).isEqualTo(accepted);
    assertThat(summary.calls(CountedMethod.RESERVE_SLOT)).isEqualTo(accepted);
    assertThat(summary.calls(CountedMethod.RENDER)).isEqualTo(accepted);
    assertThat(summary.resultLines()).contains("orders rejected " + rejected, "orders accepted " + accepted);
  }

  @Test
  void timeCapStopsTakingOrdersAndFinishesTheOnesInFlight() throws Exception {
    // 10 000 orders need seconds; a 30 ms cap ends the run long before.
    RunSummary capped;
    try (ShopWorkload workload = ShopWorkload.open(2, 4)) {
      capped = workload.run(10_000, Duration.ofMillis(30));
    }

    assertThat(capped.stoppedEarly()).isTrue();
    int completed = capped.ordersCompleted();
    assertThat(completed).isBetween(1, 9_999);
    assertThat(capped.calls(CountedMethod.PROCESS)).isEqualTo(completed);
    assertThat(capped.resultLines()).first().isEqualTo("stopped early after " + completed + " orders");
    // The completed orders are exactly the first ones: an uncapped run of that many agrees.
    assertThat(capped.resultLines().subList(1, capped.resultLines().size()))
        .isEqualTo(run(2, 4, completed).resultLines());
  }

  @Test
  void closeDeletesTheCatalogueFiles() throws Exception {
    Path directory;
    try (ShopWorkload workload = ShopWorkload.open(1, 1)) {
      directory = workload.catalogDirectory();
      assertThat(directory).isDirectory();
      try (var files = Files.list(directory)) {
        assertThat(files.count()).isEqualTo(Catalogue.SKUS.size());
      }
    }
    assertThat(directory).doesNotExist();
  }

  private static RunSummary run(int cpuThreads, int ioThreads, int orders) throws Exception {
    try (ShopWorkload workload = ShopWorkload.open(cpuThreads, ioThreads)) {
      RunSummary summary = workload.run(orders, Duration.ofMinutes(5));
      assertThat(summary.stoppedEarly()).isFalse();
      assertThat(summary.ordersCompleted()).isEqualTo(orders);
      return summary;
    }
  }
}
