package org.example.workloads;

import org.example.workloads.harness.LoadDriver;
import org.example.workloads.harness.Options;
import org.example.workloads.harness.Workload;
import org.example.workloads.http.StoreWorkload;
import org.example.workloads.jdbc.ShopWorkload;
import org.example.workloads.search.SearchWorkload;

/** Command line: picks the workload named by {@code --workload} and runs it under load. */
public final class Workloads {

  private Workloads() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("workloads: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    Workload workload = switch (options.workload()) {
      case "jdbc" -> new ShopWorkload();
      case "cpu" -> new SearchWorkload();
      default -> new StoreWorkload();
    };
    int exit = new LoadDriver(options, System.out).run(workload);
    System.exit(exit);
  }
}
