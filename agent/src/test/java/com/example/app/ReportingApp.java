package com.example.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Test 2's application: {@link PlainApp}, with no JCounters code; the agent alone writes the report.
 * Given a second argument, a URL, it then fetches it and prints each line of the answer as
 * {@code scraped: <line>} (the agent's Prometheus endpoint, served by its relocated client_java).
 */
public final class ReportingApp {
  private ReportingApp() {}

  public static void main(String[] args) throws Exception {
    PlainApp.main(args);
    if (args.length > 1) {
      HttpURLConnection connection = (HttpURLConnection) URI.create(args[1]).toURL().openConnection();
      System.out.println("scrape status " + connection.getResponseCode());
      try (BufferedReader body = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
        body.lines().forEach(line -> System.out.println("scraped: " + line));
      } finally {
        connection.disconnect();
      }
    }
  }
}
