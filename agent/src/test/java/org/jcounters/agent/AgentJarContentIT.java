package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the agent ships (the relocation table in docs/DESIGN-NOTES.md, Agent): the packages of the
 * agent jar and of the engine jar nested in it, the names their classes refer to, and the POM that
 * `mvn install` puts beside the jar.
 */
class AgentJarContentIT {
  private static final String SHADED = "org/jcounters/agent/shaded/";
  /** Relocated in the agent jar: neither their classes nor a reference to them may be left under the original name. */
  private static final List<String> RELOCATED_IN_AGENT = List.of("net/bytebuddy/", "com/fasterxml/jackson/", "io/prometheus/");
  /** Relocated in the engine jar (Agrona's IdleStrategy excepted). */
  private static final List<String> RELOCATED_IN_ENGINE = List.of("org/agrona/", "com/lmax/disruptor/");
  private static final String IDLE_STRATEGY = "org/agrona/concurrent/IdleStrategy";

  /** Where a class may sit in the agent jar: the agent and the reporters, relocated libraries, the SLF4J API. */
  private static final Predicate<String> AGENT_PACKAGES = name -> name.startsWith("org/jcounters/agent/")
      || name.startsWith("org/jcounters/reporters/") || name.startsWith("org/jcounters/internal/reporters/")
      || name.startsWith("org/slf4j/");
  /** Where a class may sit in the engine jar: the engine, relocated libraries, HdrHistogram and IdleStrategy by their names. */
  private static final Predicate<String> ENGINE_PACKAGES = name -> (name.startsWith("org/jcounters/")
      && !name.startsWith("org/jcounters/agent/") && !name.startsWith("org/jcounters/reporters/")
      && !name.startsWith("org/jcounters/internal/reporters/"))
      || name.startsWith(SHADED + "agrona/") || name.startsWith(SHADED + "disruptor/")
      || name.startsWith("org/HdrHistogram/") || name.equals(IDLE_STRATEGY + ".class");

  @Test
  void shouldShipTheAgentJarWithItsLibrariesRelocated() throws IOException {
    List<String> misplaced = new ArrayList<>();
    List<String> unrelocatedReferences = new ArrayList<>();
    TreeSet<String> shadedRoots = new TreeSet<>();
    try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = classPath(entry.getName());
        if (name == null) {
          continue;
        }
        if (!AGENT_PACKAGES.test(name)) {
          misplaced.add(entry.getName());
        }
        if (name.startsWith(SHADED)) {
          shadedRoots.add(name.substring(SHADED.length(), name.indexOf('/', SHADED.length())));
        }
        try (InputStream in = jar.getInputStream(entry)) {
          references(in.readAllBytes(), RELOCATED_IN_AGENT, entry.getName(), unrelocatedReferences);
        }
      }
      for (String service : jar.stream().map(JarEntry::getName).filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList()) {
        assertThat(RELOCATED_IN_AGENT).as(service).noneMatch(root -> service.startsWith("META-INF/services/" + root.replace('/', '.')));
      }
    }
    assertThat(misplaced).as("classes of the agent jar outside the agent, the reporters, org.jcounters.agent.shaded and org.slf4j").isEmpty();
    assertThat(unrelocatedReferences).as("references to a library relocated in the agent jar, by its original name").isEmpty();
    assertThat(shadedRoots).as("what the agent jar relocates").containsExactly("bytebuddy", "jackson", "prometheus");
  }

  @Test
  void shouldNestTheEngineJarWithTheLibrariesOutsideThePublicApiRelocated() throws IOException {
    List<String> misplaced = new ArrayList<>();
    List<String> unrelocatedReferences = new ArrayList<>();
    TreeSet<String> shadedRoots = new TreeSet<>();
    boolean histogram = false;
    boolean idleStrategy = false;
    try (JarFile agent = new JarFile(ChildJvm.AGENT_JAR.toFile());
        JarInputStream engine = new JarInputStream(agent.getInputStream(agent.getEntry(EngineJar.RESOURCE.substring(1))))) {
      for (JarEntry entry = engine.getNextJarEntry(); entry != null; entry = engine.getNextJarEntry()) {
        String name = classPath(entry.getName());
        if (name == null) {
          continue;
        }
        if (!ENGINE_PACKAGES.test(name)) {
          misplaced.add(entry.getName());
        }
        histogram |= name.equals("org/HdrHistogram/Histogram.class");
        idleStrategy |= name.equals(IDLE_STRATEGY + ".class");
        if (name.startsWith(SHADED)) {
          shadedRoots.add(name.substring(SHADED.length(), name.indexOf('/', SHADED.length())));
        }
        byte[] bytes = engine.readAllBytes();
        references(bytes, RELOCATED_IN_ENGINE, entry.getName(), unrelocatedReferences);
        unrelocatedReferences.removeIf(found -> found.endsWith(" " + IDLE_STRATEGY));
        references(bytes, RELOCATED_IN_AGENT, entry.getName(), unrelocatedReferences);
      }
    }
    assertThat(misplaced).as("classes of the engine jar outside the engine, its relocated libraries, HdrHistogram and IdleStrategy").isEmpty();
    assertThat(unrelocatedReferences).as("references to a library relocated in the engine jar, by its original name").isEmpty();
    assertThat(shadedRoots).as("what the engine jar relocates").containsExactly("agrona", "disruptor");
    assertThat(histogram).as("HdrHistogram under its own name (CounterValue.Distribution.toHistogram)").isTrue();
    assertThat(idleStrategy).as("Agrona's IdleStrategy under its own name (JCounters.Builder.idleStrategy)").isTrue();
  }

  @Test
  void shouldInstallAPomThatListsNoneOfWhatTheJarBundles() throws Exception {
    // ${project.file} once the shade plugin ran: the POM that `mvn install` and a deployment ship.
    Path pom = Path.of(System.getProperty("jcounters.agent.pom"));
    assertThat(pom.getFileName()).hasToString("dependency-reduced-pom.xml");
    Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    List<String> shipped = new ArrayList<>();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element dependencies && dependencies.getTagName().equals("dependencies")) {
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
          Element dependency = (Element) list.item(i);
          String scope = text(dependency, "scope");
          if (!"test".equals(scope)) {
            shipped.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + " (" + scope + ")");
          }
        }
      }
    }
    assertThat(shipped).as(pom + ": dependencies a user of the agent artifact would get besides the jar").isEmpty();
  }

  @Test
  void shouldCarryTheLicensesAndTheNoticeOfEveryBundledJar() throws IOException {
    String notice;
    String engineNotice;
    try (JarFile agent = new JarFile(ChildJvm.AGENT_JAR.toFile());
        JarInputStream engine = new JarInputStream(agent.getInputStream(agent.getEntry(EngineJar.RESOURCE.substring(1))))) {
      notice = entry(agent, "META-INF/NOTICE");
      assertThat(entry(agent, "META-INF/LICENSE")).contains("Apache License", "Version 2.0, January 2004");
      assertThat(entry(agent, "META-INF/licenses/ASM")).contains("INRIA");
      assertThat(entry(agent, "META-INF/licenses/Protobuf")).contains("Google Inc.", "Redistributions in binary form");
      assertThat(entry(agent, "META-INF/LICENSE.txt")).contains("QOS.ch"); // SLF4J's MIT license
      assertThat(entry(agent, "META-INF/Schubfach-LICENSE")).isNotBlank();
      assertThat(entry(agent, "META-INF/FastDoubleParser-LICENSE")).isNotBlank();
      String engineNoticeFound = null;
      String engineLicenseTxt = null;
      for (JarEntry entry = engine.getNextJarEntry(); entry != null; entry = engine.getNextJarEntry()) {
        if (entry.getName().equals("META-INF/NOTICE")) {
          engineNoticeFound = new String(engine.readAllBytes(), StandardCharsets.UTF_8);
        } else if (entry.getName().equals("META-INF/LICENSE.txt")) {
          engineLicenseTxt = new String(engine.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      engineNotice = engineNoticeFound;
      assertThat(engineLicenseTxt).as("HdrHistogram's license in the engine jar").contains("creativecommons.org/publicdomain/zero");
    }
    assertThat(notice).startsWith("JCounters agent\nCopyright").doesNotContain("Apache Software Foundation");
    assertThat(engineNotice).isEqualTo(notice);
    // Each bundled jar's own NOTICE (Apache-2.0, section 4d), as found on this module's class path.
    List<String> checked = new ArrayList<>();
    for (String path : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      String file = Path.of(path).getFileName().toString();
      if (!BUNDLED_JAR.matcher(file).matches()) {
        continue;
      }
      try (JarFile bundled = new JarFile(path)) {
        for (String name : List.of("META-INF/NOTICE", "META-INF/NOTICE.txt", "META-INF/NOTICE.md")) {
          if (bundled.getEntry(name) != null) {
            assertThat(words(notice)).as("the agent's NOTICE holds " + file + "'s " + name).contains(words(entry(bundled, name)));
            checked.add(file);
          }
        }
      }
    }
    assertThat(checked).as("bundled jars with a NOTICE").anyMatch(f -> f.startsWith("byte-buddy-"))
        .anyMatch(f -> f.startsWith("jackson-core-")).anyMatch(f -> f.startsWith("prometheus-metrics-model-"));
  }

  /** The libraries the agent bundles (both jars), by file name. */
  private static final Pattern BUNDLED_JAR = Pattern.compile(
      "(byte-buddy|jackson-(core|databind|annotations)|prometheus-metrics-(model|config|exposition-formats|exposition-textformats"
          + "|exporter-httpserver|exporter-common)|slf4j-api|agrona|disruptor|HdrHistogram)-[0-9].*\\.jar");

  private static String entry(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(jar.getName() + " has " + name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String words(String text) {
    return String.join(" ", text.strip().split("\\s+"));
  }

  /** The class's path without a META-INF/versions/N/ prefix, or null for a resource that is no class. */
  private static String classPath(String entry) {
    if (!entry.endsWith(".class")) {
      return null;
    }
    Matcher versioned = Pattern.compile("META-INF/versions/\\d+/(.*)").matcher(entry);
    return versioned.matches() ? versioned.group(1) : entry;
  }

  /** Adds "entry name" for each name in the class file's constant pool that starts with one of the roots. */
  private static void references(byte[] classFile, List<String> roots, String entry, List<String> found) {
    String text = new String(classFile, StandardCharsets.ISO_8859_1); // constant-pool names are ASCII here
    for (String root : roots) {
      Matcher matcher = Pattern.compile(Pattern.quote(root) + "[A-Za-z0-9_/$]*").matcher(text);
      while (matcher.find()) {
        found.add(entry + " " + matcher.group());
      }
    }
  }

  private static String text(Element parent, String tag) {
    NodeList list = parent.getElementsByTagName(tag);
    return list.getLength() == 0 ? null : list.item(0).getTextContent().strip();
  }
}
