package com.example.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Test 3's application: loads and uses {@link Shop} with no agent, says {@code ready}, waits for a
 * line on standard input (the test attaches the agent meanwhile), buys 10 times and prints the count.
 */
public final class WaitingApp {
  private WaitingApp() {}

  public static void main(String[] args) throws Exception {
    Shop shop = new Shop();
    for (int i = 0; i < 3; i++) {
      shop.buy(1); // before the agent: not counted
    }
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    for (int i = 0; i < 10; i++) {
      shop.buy(1);
    }
    SnapshotPrinter.print("shop_buy"); // JCounters is resolvable only now, from the agent's bootstrap jar
  }
}
