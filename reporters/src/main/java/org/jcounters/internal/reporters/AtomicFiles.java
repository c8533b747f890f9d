package org.jcounters.internal.reporters;

import org.jcounters.reporters.JsonFileReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a reader never sees it half-written: the way every file reporter of
 * JCounters writes ({@link JsonFileReporter}, the Prometheus text file).
 *
 * <p><b>Guarantees.</b> The content is written to a temporary file {@code .<name>.<random>.tmp} in
 * the target's directory, then renamed over the target ({@code rename(2)}, atomic on a POSIX file
 * system): a reader opens either the previous file or the new one, whole, without any locking. The
 * temporary name never ends like the target, so collectors that pick files by extension (node
 * exporter's {@code *.prom}) never read it. The temporary file gets the process's default
 * permissions (umask), not the owner-only ones of {@link Files#createTempFile}, so that a reader
 * running as another user (a Munin plugin) can still read it. There is no fsync: after a power loss
 * the previous file may be what survives, which is fine for reports rewritten every few minutes.
 *
 * <p><b>Failures.</b> Missing directories are not created. A write that fails leaves no temporary
 * file and the previous target as it was, and throws an {@link IOException} saying
 * {@code cannot write the <what> to <path>: <why>} (a missing directory, a parent that is a file, a
 * directory in the way, or the underlying error).
 *
 * <p>Stateless and thread-safe; two threads replacing the same file at once each write whole files,
 * and the last rename wins.
 *
 * <pre>{@code
 * AtomicFiles.replace(Path.of("/var/lib/node_exporter/app.prom"), "Prometheus text",
 *     out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
 * }</pre>
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's whole content; the stream is closed by {@link AtomicFiles}, closing it here too is harmless. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code content} writes, atomically (see the class comment).
   *
   * @param what what the file holds, for error messages ("JSON report")
   * @throws IOException saying which path could not be written and why; nothing is left behind
   */
  public static void replace(Path target, String what, Content content) throws IOException {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(content, "content");
    Path path = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path directory = path.getParent();
    Path temporary = directory.resolve("." + path.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temporary, e);
      throw explain(e, what, path, directory);
    } catch (RuntimeException | Error e) {
      deleteQuietly(temporary, e);
      throw e;
    }
  }

  private static IOException explain(IOException e, String what, Path path, Path directory) {
    String why;
    if (!Files.exists(directory)) {
      why = "directory " + directory + " does not exist";
    } else if (!Files.isDirectory(directory)) {
      why = directory + " is not a directory";
    } else if (Files.isDirectory(path)) {
      why = "a directory is in the way";
    } else {
      why = e.toString();
    }
    return new IOException("cannot write the " + what + " to " + path + ": " + why, e);
  }

  private static void deleteQuietly(Path temporary, Throwable cause) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException | RuntimeException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}
