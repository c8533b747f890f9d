package com.example.app;

import java.lang.management.ManagementFactory;

/** Test 4's application: bytes allocated by the calling thread over 1,000,000 calls of a patched method, after warm-up. */
public final class AllocationApp {
  private AllocationApp() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Shop shop = new Shop();
    for (int i = 0; i < 2_000_000; i++) { // warm-up: the thread's first event leases its ring; the JIT compiles
      shop.empty();
    }
    long before = threads.getThreadAllocatedBytes(thread);
    long after = threads.getThreadAllocatedBytes(thread);
    long measuring = after - before; // what a pair of these reads allocates, taken off below
    before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000_000; i++) {
      shop.empty();
    }
    after = threads.getThreadAllocatedBytes(thread);
    System.out.println("allocated=" + (after - before - measuring));
    SnapshotPrinter.print("empty_calls");
  }
}
