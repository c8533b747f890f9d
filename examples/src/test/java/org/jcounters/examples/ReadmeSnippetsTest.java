package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jcounters.core.Clock;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of README.md is a compiled file of this module: the README wraps each
 * {@code ```java} block in {@code <!-- snippet:Name -->} ... {@code <!-- /snippet -->}, and the block
 * must equal the region of {@code Name.java} between its {@code // snippet:start} and
 * {@code // snippet:end} lines (indentation of the region removed). Edit the Java file, then copy
 * the region into the README.
 */
class ReadmeSnippetsTest {
  private static final Pattern OPEN = Pattern.compile("<!--\\s*snippet:(\\w+)\\s*-->");
  private static final Pattern CLOSE = Pattern.compile("<!--\\s*/snippet\\s*-->");

  /** A {@code ```java} block of the README, with the snippet name its marker gives (null: none). */
  record Block(String name, int line, List<String> code) {}

  @Test
  void shouldQuoteEveryJavaSnippetFromACompiledFile() throws IOException {
    List<Block> blocks = javaBlocks(RepositoryDocs.read(RepositoryDocs.root().resolve("README.md")));
    assertThat(blocks).extracting(Block::name).contains("Quickstart");
    for (Block block : blocks) {
      assertThat(block.name())
          .as("README.md:%d: a ```java block outside <!-- snippet:Name --> ... <!-- /snippet --> markers", block.line())
          .isNotNull();
      Path file = sourceFile(block.name());
      assertThat(String.join("\n", block.code()))
          .as("README.md:%d: the snippet differs from %s's region between // snippet:start and // snippet:end",
              block.line(), RepositoryDocs.root().relativize(file))
          .isEqualTo(String.join("\n", region(file)));
    }
  }

  @Test
  void shouldGiveTheProjectsCoordinatesAndVersion() {
    String readme = RepositoryDocs.read(RepositoryDocs.root().resolve("README.md"));
    String version = System.getProperty("jcounters.version");
    assertThat(version).as("the build sets jcounters.version").isNotBlank();
    assertThat(readme)
        .contains("<groupId>org.jcounters</groupId>")
        .contains("<artifactId>jcounters</artifactId>")
        .contains("<artifactId>jcounters-bom</artifactId>")
        .contains("<version>" + version + "</version>")
        .contains("\"org.jcounters:jcounters:" + version + "\"")
        .contains("platform(\"org.jcounters:jcounters-bom:" + version + "\")")
        .contains("mvn -B install -DskipTests");
    assertThat(readme.lines().limit(8).collect(Collectors.joining("\n")))
        .as("the README's first lines keep the two commands")
        .contains("examples/run-tutorial.sh")
        .contains("mvn -B verify");
  }

  @Test
  void shouldRunTheEmbeddedEngineSnippet() {
    Clock testClock = Clock.SYSTEM;
    assertThat(EmbeddedEngine.bytes(testClock)).isEqualTo(42L);
  }

  /** The README's {@code ```java} blocks, each with the name of the snippet marker just before it. */
  static List<Block> javaBlocks(String markdown) {
    List<String> lines = markdown.lines().collect(Collectors.toList());
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int open = i;
      int close = open + 1;
      while (close < lines.size() && !lines.get(close).strip().equals("```")) {
        close++;
      }
      String name = null;
      int before = previousNonBlank(lines, open);
      int after = nextNonBlank(lines, close);
      Matcher marker = before < 0 ? null : OPEN.matcher(lines.get(before).strip());
      if (marker != null && marker.matches() && after < lines.size() && CLOSE.matcher(lines.get(after).strip()).matches()) {
        name = marker.group(1);
      }
      blocks.add(new Block(name, open + 1, stripTrailing(lines.subList(open + 1, Math.min(close, lines.size())))));
      i = close;
    }
    return blocks;
  }

  /** The lines between {@code // snippet:start} and {@code // snippet:end}, their common indentation removed. */
  static List<String> region(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals("// snippet:start")) {
        assertThat(start).as("%s: one // snippet:start", file).isEqualTo(-1);
        start = i;
      } else if (line.equals("// snippet:end")) {
        assertThat(end).as("%s: one // snippet:end", file).isEqualTo(-1);
        end = i;
      }
    }
    assertThat(start).as("%s: // snippet:start", file).isNotNegative();
    assertThat(end).as("%s: // snippet:end after // snippet:start", file).isGreaterThan(start);
    List<String> region = stripTrailing(lines.subList(start + 1, end));
    int indent = region.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.toList());
  }

  private static Path sourceFile(String name) throws IOException {
    Path sources = RepositoryDocs.root().resolve("examples/src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().equals(name + ".java")).collect(Collectors.toList());
      assertThat(found).as("snippet:%s names one file %s.java under examples/src/main/java", name, name).hasSize(1);
      return found.get(0);
    }
  }

  private static List<String> stripTrailing(List<String> lines) {
    return lines.stream().map(String::stripTrailing).collect(Collectors.toList());
  }

  private static int previousNonBlank(List<String> lines, int from) {
    int i = from - 1;
    while (i >= 0 && lines.get(i).isBlank()) {
      i--;
    }
    return i;
  }

  private static int nextNonBlank(List<String> lines, int from) {
    int i = from + 1;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    return i;
  }
}
