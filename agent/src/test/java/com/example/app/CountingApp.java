package com.example.app;

/** {@link PlainApp}, then prints the counter {@code shop_buy} (the agent's engine is on the bootstrap class path). */
public final class CountingApp {
  private CountingApp() {}

  public static void main(String[] args) throws InterruptedException {
    PlainApp.main(args);
    SnapshotPrinter.print("shop_buy");
  }
}
