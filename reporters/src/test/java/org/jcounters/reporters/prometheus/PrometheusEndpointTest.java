package org.jcounters.reporters.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.jcounters.core.Snapshot;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldListenOnLoopbackOnlyAndNegotiateFormatsAndGzip() throws Exception {
    Snapshot snapshot = PrometheusMappingTest.everyKind();
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(() -> snapshot, 0)) {
      assertThat(endpoint.address().isLoopbackAddress()).isTrue();
      assertThat(endpoint.uri().toString()).isEqualTo("http://127.0.0.1:" + endpoint.port() + "/metrics");

      HttpResponse<String> openMetrics = HTTP.send(HttpRequest.newBuilder(endpoint.uri())
          .header("Accept", "application/openmetrics-text;version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(openMetrics.body()).contains("# TYPE jcounters_requests counter\n").endsWith("# EOF\n");

      HttpResponse<byte[]> gzip = HTTP.send(HttpRequest.newBuilder(endpoint.uri()).header("Accept-Encoding", "gzip").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("jcounters_requests_total 3.0\n");
      }
    }
  }
}
