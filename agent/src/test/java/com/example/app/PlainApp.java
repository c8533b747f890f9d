package com.example.app;

/**
 * An application with no JCounters code at all: it buys, waits {@code args[0]} milliseconds (so that
 * reports and late messages have time to appear), and says it is done.
 */
public final class PlainApp {
  private PlainApp() {}

  public static void main(String[] args) throws InterruptedException {
    Shop shop = new Shop();
    int total = 0;
    for (int i = 0; i < 10; i++) {
      total += shop.buy(1) + shop.weigh(i);
    }
    Thread.sleep(args.length > 0 ? Long.parseLong(args[0]) : 0);
    System.out.println("app done " + total);
  }
}
