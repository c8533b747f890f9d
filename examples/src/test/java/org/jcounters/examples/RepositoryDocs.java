package org.jcounters.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's root and its Markdown files, for the documentation tests. */
final class RepositoryDocs {
  /** Folders that hold no documentation of ours: build output, VCS data, installed packages. */
  private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".idea");

  private RepositoryDocs() {}

  /** The repository's root: {@code jcounters.repository} as set by the build, else the parent of the working directory. */
  static Path root() {
    Path root = Path.of(System.getProperty("jcounters.repository", "..")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isRegularFile(root.resolve("README.md"))) {
      throw new IllegalStateException("not the repository's root: " + root);
    }
    return root;
  }

  /** Every {@code *.md} file of the repository, build output and VCS data aside. */
  static List<Path> markdownFiles() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> !skipped(root.relativize(p)))
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
