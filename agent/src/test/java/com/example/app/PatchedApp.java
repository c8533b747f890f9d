package com.example.app;

import java.util.zip.CRC32;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.counters.EventCounter;

/**
 * Test 1's application: calls each patched method a known number of times, then prints the counts.
 * Also registers its own counter of an event the agent registered, which must replace the agent's.
 */
public final class PatchedApp {
  private PatchedApp() {}

  public static void main(String[] args) throws Exception {
    // The application's own choice for an event the agent registered first (as an AverageTimeCounter).
    Counters.register(new EventCounter("app_choice"));
    System.out.println("engine loader=" + Events.class.getClassLoader());
    Shop shop = null;
    for (int i = 0; i < 3; i++) {
      shop = new Shop();
    }
    for (int i = 0; i < 5; i++) {
      shop.buy(2); // buy, audit (private, from inside), price (static)
    }
    for (int i = 0; i < 4; i++) {
      Shop.price("pear");
    }
    for (int i = 0; i < 6; i++) {
      shop.weigh(i);
      shop.weigh("g");
    }
    for (int i = 0; i < 2; i++) {
      try {
        shop.fail();
      } catch (IllegalStateException expected) {
        // the block must still have ended
      }
    }
    Box<String> box = new StringBox();
    for (int i = 0; i < 7; i++) {
      box.put(" x "); // through the bridge put(Object)
    }
    CRC32 crc = new CRC32(); // a JDK class named explicitly in the rows, loaded before the agent
    for (int i = 0; i < 8; i++) {
      crc.update(i);
    }
    crc.getValue();
    Class.forName("com.example.app.LateLoaded").getMethod("run").invoke(null);
    LateLoaded.run();
    for (int i = 0; i < 9; i++) {
      shop.empty();
    }
    SnapshotPrinter.print("shop_new", "shop_buy", "shop_audit", "shop_price", "shop_weigh_int", "shop_fail",
        "box_put", "crc_update", "crc_value", "late_run", "app_choice", "empty_time");
  }
}
