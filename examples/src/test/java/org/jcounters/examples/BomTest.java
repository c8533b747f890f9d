package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * jcounters-bom manages every shipped artifact: each module of the reactor that is installed (not
 * examples or jmh-benchmarks, which set maven.install.skip), the BOM aside.
 */
class BomTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("</parent>\\s*(?:<!--(?:(?!-->).)*-->\\s*)*<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);

  @Test
  void shouldManageEveryShippedArtifact() {
    Path root = RepositoryDocs.root();
    String bom = RepositoryDocs.read(root.resolve("bom/pom.xml"));
    List<String> shipped = new ArrayList<>();
    Matcher modules = MODULE.matcher(RepositoryDocs.read(root.resolve("pom.xml")));
    while (modules.find()) {
      String pom = RepositoryDocs.read(root.resolve(modules.group(1)).resolve("pom.xml"));
      if (modules.group(1).equals("bom") || pom.contains("<maven.install.skip>true</maven.install.skip>")) {
        continue;
      }
      Matcher artifact = ARTIFACT.matcher(pom);
      assertThat(artifact.find()).as("%s/pom.xml names its artifactId after its parent", modules.group(1)).isTrue();
      shipped.add(artifact.group(1));
    }
    assertThat(shipped).contains("jcounters", "jcounters-core", "jcounters-ringbuffer", "jcounters-reporters",
        "jcounters-prometheus", "jcounters-multiprocess", "jcounters-agent");
    for (String artifactId : shipped) {
      assertThat(bom).as("jcounters-bom manages %s", artifactId)
          .contains("<artifactId>" + artifactId + "</artifactId><version>${project.version}</version>");
    }
  }
}
