package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public API of each shipped module, reviewed: the public and protected types and members of the
 * packages its descriptor exports to everyone ({@code javap -protected} over the compiled classes in
 * {@code <module>/target/classes}), compared with {@code api/<module>.txt}. Protected members of final
 * classes are left out (nobody can reach them). A change to the API fails here until the file is
 * regenerated and the difference reviewed in the commit:
 *
 * <pre>{@code
 * mvn -B -o -pl core,ringbuffer,reporters,multiprocess,agent,examples -am test-compile && \
 * mvn -B -o -pl examples test -Dtest=ApiSurfaceTest -Djcounters.api.update=true
 * }</pre>
 *
 * Needs the modules compiled first: run it from the reactor (as {@code mvn verify} does).
 */
class ApiSurfaceTest {
  private static final Path ROOT = Paths.get(System.getProperty("user.dir")).getParent();
  private static final boolean UPDATE = Boolean.getBoolean("jcounters.api.update");

  @ParameterizedTest
  @ValueSource(strings = {"core", "ringbuffer", "reporters", "multiprocess", "agent"})
  void apiIsTheReviewedOne(String module) throws IOException {
    List<String> surface = surface(ROOT.resolve(module).resolve("target/classes"));
    Path reviewed = ROOT.resolve("api").resolve(module + ".txt");
    if (UPDATE) {
      Files.createDirectories(reviewed.getParent());
      Files.write(reviewed, surface, StandardCharsets.UTF_8);
    }
    assertThat(reviewed).as("%s: regenerate with -Djcounters.api.update=true (see this class)", reviewed).exists();
    assertThat(String.join("\n", surface))
        .as("the API of %s differs from %s: review the difference, then regenerate it with -Djcounters.api.update=true", module, reviewed)
        .isEqualTo(String.join("\n", Files.readAllLines(reviewed, StandardCharsets.UTF_8)));
    for (String line : surface) {
      assertThat(line).as("no engine internal in the API").doesNotContainPattern(
          "\\binternal\\b|\\bDrainer\\b|\\bRing[A-Za-z]*\\b|\\bEventDispatcher\\b|\\bCounterAccess\\b");
      assertThat(line).as("no counter callback callable from outside").doesNotContainPattern(
          "^  public .*\\bon(Value|Occurrence|Timing|Values|Occurrences|Timings|Start|End|ThreadEnded|SourceClosed)\\(");
    }
  }

  /** Every public type of the exported packages with its public and protected members, sorted. */
  static List<String> surface(Path classes) throws IOException {
    assertThat(classes.resolve("module-info.class")).as("compile %s first", classes).exists();
    ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
    List<String> lines = new ArrayList<>();
    lines.add("module " + descriptor.name());
    List<String> packages = descriptor.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).sorted().collect(Collectors.toList());
    Map<String, List<String>> types = new TreeMap<>();
    for (String pkg : packages) {
      lines.add("exports " + pkg);
      try (Stream<Path> files = Files.list(classes.resolve(pkg.replace('.', '/')))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
          List<String> type = javap(file);
          if (!type.isEmpty()) {
            types.put(pkg + "." + file.getFileName().toString().replace(".class", ""), type);
          }
        }
      }
    }
    // A nested type is reachable only if every type enclosing it is public too (the class file of a
    // public record nested in a package-private interface says "public").
    types.forEach((name, type) -> {
      for (int i = name.indexOf('$'); i > 0; i = name.indexOf('$', i + 1)) {
        if (!types.containsKey(name.substring(0, i))) {
          return;
        }
      }
      lines.addAll(type);
    });
    return lines;
  }

  /** The type's header and its members as {@code javap -protected} shows them; empty if not public. */
  private static List<String> javap(Path classFile) {
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    StringWriter out = new StringWriter();
    int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-protected", classFile.toString());
    assertThat(rc).as("javap %s: %s", classFile, out).isZero();
    List<String> shown = out.toString().lines()
        .filter(l -> !l.startsWith("Compiled from") && !l.equals("}") && !l.isBlank())
        .collect(Collectors.toList());
    if (shown.isEmpty() || !shown.get(0).startsWith("public ")) {
      return List.of();
    }
    String header = shown.get(0).replaceAll("\\s*\\{$", "");
    boolean open = !header.matches(".*\\b(final|enum|record)\\b.*") || header.contains(" interface ");
    List<String> type = new ArrayList<>();
    type.add(header);
    shown.stream().skip(1)
        .filter(m -> open || !m.trim().startsWith("protected "))
        .sorted()
        .forEach(type::add);
    return type;
  }
}
