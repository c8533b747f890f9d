package org.jcounters.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The CI gate on a smoke run of the JCounters benchmarks: fails (exit 1) when any JCounters benchmark
 * allocates more than {@value #MAX_BYTES_PER_OP} B/op ({@code gc.alloc.rate.norm}, so the run needs
 * {@code -prof gc}), or reports an event lost without being counted as dropped ({@code lost} secondary
 * result of the {@code Ledger}), or lacks either figure. Nanoseconds are printed, never gated: CI
 * machines are noisy.
 *
 * <pre>java -cp benchmarks.jar org.jcounters.benchmarks.report.SmokeGate results.json...</pre>
 */
public final class SmokeGate {
  /** Above this a benchmark allocates per call; below it is the harness' own noise (about 10⁻³ B/op). */
  static final double MAX_BYTES_PER_OP = 0.1;

  private SmokeGate() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: SmokeGate results.json...");
      System.exit(2);
    }
    List<Path> files = new ArrayList<>();
    for (String arg : args) {
      files.add(Path.of(arg));
    }
    List<String> failures = new ArrayList<>();
    int checked = check(JmhResult.read(files), failures);
    System.out.println();
    failures.forEach(f -> System.out.println("FAILED: " + f));
    System.out.printf(Locale.ROOT, "bench-smoke: %d passed, %d failed%n", checked - failures.size(), failures.size());
    System.exit(failures.isEmpty() && checked > 0 ? 0 : 1);
  }

  /** Checks every JCounters result, prints one line per result, adds one line per failing result; returns how many were checked. */
  static int check(List<JmhResult> results, List<String> failures) {
    int checked = 0;
    for (JmhResult r : results) {
      if (!Catalogue.isJCounters(r.benchmark())) {
        continue;
      }
      checked++;
      String name = r.benchmark() + " @" + r.threads() + "t";
      List<String> problems = new ArrayList<>();
      OptionalDouble bytes = r.bytesPerOp();
      if (bytes.isEmpty()) {
        problems.add("no gc.alloc.rate.norm (run with -prof gc)");
      } else if (!(bytes.getAsDouble() <= MAX_BYTES_PER_OP)) {
        problems.add(String.format(Locale.ROOT, "allocates %.3f B/op (limit %.1f)", bytes.getAsDouble(), MAX_BYTES_PER_OP));
      }
      OptionalDouble lost = r.secondary("lost");
      if (lost.isEmpty()) {
        problems.add("no 'lost' secondary result (the benchmark must take a Ledger)");
      } else if (lost.getAsDouble() != 0) {
        problems.add(String.format(Locale.ROOT, "%.0f events lost without being counted as dropped", lost.getAsDouble()));
      }
      System.out.printf(Locale.ROOT, "%-60s %12s %-6s %10s B/op  dropped %s  %s%n", name, BenchmarksReport.fmtNs(r.score()), r.unit(),
          bytes.isPresent() ? BenchmarksReport.fmtBytes(bytes.getAsDouble()) : "n/a", BenchmarksReport.drops(r).replace("**", ""),
          problems.isEmpty() ? "ok" : "FAIL");
      if (!problems.isEmpty()) {
        failures.add(name + ": " + String.join("; ", problems));
      }
    }
    if (checked == 0) {
      failures.add("no JCounters benchmark in the results");
    }
    return checked;
  }
}
