package org.example.workloads.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the inventory service (a slow downstream over HTTP) how much of a product is in stock. */
final class InventoryClient {

  /** The inventory service's answer. */
  record StockLevel(int sku, int onHand, String warehouse) {}

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final ObjectMapper json;
  private final URI base;

  InventoryClient(URI base, ObjectMapper json) {
    this.base = base;
    this.json = json;
  }

  StockLevel stockLevel(int sku) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/inventory/stock?sku=" + sku))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("inventory service answered " + response.statusCode());
    }
    return json.readValue(response.body(), StockLevel.class);
  }
}
