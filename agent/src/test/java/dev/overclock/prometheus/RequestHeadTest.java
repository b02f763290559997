package dev.overclock.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  private static RequestHead parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int end = RequestHead.end(bytes, bytes.length);
    assertThat(end).isEqualTo(bytes.length);
    return RequestHead.parse(bytes, end);
  }

  @Test
  void readsMethodPathAndHeaders_caseInsensitively_firstValueWins() {
    RequestHead head = parse("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nACCEPT:  text/plain \r\n"
        + "accept: other\r\n\r\n");

    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.path()).isEqualTo("/metrics");
    assertThat(head.header("Accept")).isEqualTo("text/plain");
    assertThat(head.header("Authorization")).isNull();
  }

  @Test
  void absoluteFormTargets_andBareLineFeeds() {
    assertThat(parse("HEAD http://h:9464/metrics HTTP/1.0\n\n").path()).isEqualTo("/metrics");
  }

  @Test
  void anIncompleteHead_hasNoEnd() {
    byte[] bytes = "GET /metrics HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(RequestHead.end(bytes, bytes.length)).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET /metrics\r\n\r\n", "GET /metrics HTTP/2.0\r\n\r\n",
      "get /metrics HTTP/1.1\r\n\r\n", "GET /metrics HTTP/1.1\r\n folded: x\r\n\r\n",
      "GET /metrics HTTP/1.1\r\nno colon\r\n\r\n", "\u0016\u0003\u0001 TLS\r\n\r\n"})
  void anythingElse_isRefused(String text) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
