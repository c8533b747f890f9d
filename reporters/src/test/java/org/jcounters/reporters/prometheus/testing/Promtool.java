package org.jcounters.reporters.prometheus.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds Prometheus' binaries (Debian's {@code prometheus} package, or {@code -Dprometheus.bin=<dir>})
 * and runs promtool. Test support shared through the reporters' test-jar (the examples' tests use it).
 */
public final class Promtool {
  private Promtool() {}

  /** The binary, or empty (the caller skips and says so). */
  public static Optional<Path> binary(String name) {
    String dir = System.getProperty("prometheus.bin");
    for (Path candidate : List.of(Path.of(dir == null ? "/nonexistent" : dir, name), Path.of("/usr/bin", name), Path.of("/usr/local/bin", name))) {
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    System.out.println("SKIPPED: no " + name + " binary (install Debian's 'prometheus' package, as .ci/run does, or set -Dprometheus.bin)");
    return Optional.empty();
  }

  /** {@code promtool check metrics} on {@code text} from stdin: the exit code and what it said. */
  public static Result checkMetrics(Path promtool, byte[] text) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(text);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("promtool did not finish in 30 s");
    }
    return new Result(process.exitValue(), output);
  }

  /** What {@code promtool check metrics} answered. */
  public record Result(int exitCode, String output) {}
}
