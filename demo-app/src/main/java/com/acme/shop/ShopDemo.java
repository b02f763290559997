package com.acme.shop;

import java.io.PrintStream;

/**
 * Entry point of the demo: {@code java -jar demo-app.jar [--orders N | --quick] [--duration D]}.
 *
 * <p>Runs the shop ({@link ShopWorkload}) on a CPU pool of {@code availableProcessors()} threads
 * and an I/O pool of 8, then prints one fact per line on stdout, in this order:
 *
 * <pre>
 * overclock demo: 600 orders, 2 cpu threads, 8 io threads     (printed first, before the run)
 * stopped early after 412 orders                              (only if --duration cut the run short)
 * orders accepted 569
 * orders rejected 31
 * calls com.acme.shop.OrderService::process 600               (one per @Timed method, fixed order)
 * errors com.acme.shop.OrderValidator::validate 31            (after the calls line of a method that throws)
 * calls-unannotated com.acme.shop.RoutePlanner::shortestPath 569   (the hot method without @Timed)
 * checksum quotes 99290eaca9441112                            (16 hex digits; quotes, routes, stock, invoices, all)
 * elapsed 2143 ms                                             (order processing only; varies)
 * checksum audit 3c5e0d2f9a1b7e44                             (the stock audit after the orders)
 * audit elapsed 812 ms (200 stock lookups issued from one thread)   (varies; @Offload shortens it)
 * </pre>
 *
 * <p>A bad argument prints one line on stderr naming it and exits with code 2; a failure during
 * the run exits with code 1.
 */
public final class ShopDemo {

  private ShopDemo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (DemoOptions.BadArgumentException e) {
      System.err.println("overclock demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    if (options.help()) {
      out.println(DemoOptions.usage());
      return;
    }

    int cpuThreads = Runtime.getRuntime().availableProcessors();
    int ioThreads = ShopWorkload.DEFAULT_IO_THREADS;
    RunSummary summary;
    StockAudit.Result audit;
    try (ShopWorkload workload = ShopWorkload.open(cpuThreads, ioThreads)) {
      out.println("overclock demo: " + options.orders() + " orders, " + cpuThreads + " cpu threads, "
          + ioThreads + " io threads");
      out.flush();
      summary = workload.run(options.orders(), options.timeCap());
      audit = workload.audit();
    } catch (IllegalStateException e) {
      System.err.println("overclock demo: " + e.getMessage());
      if (e.getCause() != null) {
        e.getCause().printStackTrace();
      }
      System.exit(1);
      return;
    }
    for (String line : summary.outputLines()) {
      out.println(line);
    }
    for (String line : audit.lines()) {
      out.println(line);
    }
    out.flush();
  }
}
