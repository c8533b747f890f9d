package org.jcounters.benchmarks;

import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.counters.TotalCounter;

/**
 * Tells whether a slow paced {@code Events.value} is the machine's: alternates, in one JVM, the round
 * trip of one cache line between two threads (a write answered by another thread's write) with the
 * paced {@code Events.value} of {@code JCountersBenchmark.value}, and prints both per round. Not a
 * JMH benchmark: a diagnostic, whose point is that both figures come from the same seconds.
 *
 * <pre>{@code java -cp jmh-benchmarks/target/benchmarks.jar org.jcounters.benchmarks.LineTransferProbe 40}</pre>
 *
 * <p>On a virtual machine whose host moves the two virtual CPUs apart, the round trip jumps (here from
 * about 60 ns to about 330 ns) for seconds at a time, and a producer whose ring lines and cursor the
 * drainer reads on the other CPU pays it: the paced {@code Events.value} goes from about 6 ns to about
 * 18 ns in the same rounds.
 */
public final class LineTransferProbe {
  private static final long ROUND_TRIP_MILLIS = 300;
  private static final long VALUE_MILLIS = 700;

  private static volatile long ping;
  private static volatile long pong;
  private static volatile boolean stop;

  private LineTransferProbe() {}

  public static void main(String[] args) throws InterruptedException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    Tally received = new Tally(new TotalCounter("line_transfer_probe")); // as JCountersBenchmark.value's
    Counters.register(received);
    int id = Events.id("line_transfer_probe");
    long sent = 0;
    for (int round = 0; round < rounds; round++) {
      double roundTrip = roundTripNanos();
      long timed = 0;
      long events = 0;
      long end = System.nanoTime() + VALUE_MILLIS * 1_000_000;
      while (System.nanoTime() < end) { // as JCountersBenchmark's pacer: an untimed wait for the drainer, then a timed batch
        while (sent - received.received() > JCountersBenchmark.PACER_LIMIT) {
          Thread.onSpinWait();
        }
        long start = System.nanoTime();
        for (int i = 0; i < Batch.CALLS; i++) {
          Events.value(id, i);
        }
        timed += System.nanoTime() - start;
        events += Batch.CALLS;
        sent += Batch.CALLS;
      }
      System.out.printf("round %2d: cache line round trip %6.1f ns, paced Events.value %5.2f ns%n",
          round, roundTrip, (double) timed / events);
    }
  }

  /** The round trip of one cache line: this thread writes, an echo thread answers. */
  private static double roundTripNanos() throws InterruptedException {
    stop = false;
    Thread echo = new Thread(() -> {
      long seen = pong;
      while (!stop) {
        long p = ping;
        if (p != seen) {
          pong = p;
          seen = p;
        }
      }
    }, "line-transfer-echo");
    echo.start();
    long trips = 0;
    long start = System.nanoTime();
    long end = start + ROUND_TRIP_MILLIS * 1_000_000;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000; i++) {
        long v = ping + 1;
        ping = v;
        while (pong != v) {
          Thread.onSpinWait();
        }
      }
      trips += 1_000;
    }
    double nanos = (double) (System.nanoTime() - start) / trips;
    stop = true;
    echo.join();
    return nanos;
  }
}
