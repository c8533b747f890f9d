package com.example.app;

/** Test 2's application: {@link PlainApp}, with no JCounters code; the agent alone writes the report. */
public final class ReportingApp {
  private ReportingApp() {}

  public static void main(String[] args) throws InterruptedException {
    PlainApp.main(args);
  }
}
