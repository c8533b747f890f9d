package org.jcounters.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every link of every {@code *.md} file of the repository stays inside it: a relative link must
 * name a file or folder that exists, inside the repository (no {@code ../shared/...}), and an
 * anchor ({@code #prometheus}, {@code README.md#prometheus}) a heading of that Markdown file. Links
 * leaving the repository are refused, but for the web addresses below: the upstream projects the
 * docs describe (PyCounters, whose tutorial JCounters follows) and the Apache License. Add an
 * address here only for a page that is the reference of something the docs name. Code (fenced
 * blocks and {@code `spans`}) is not checked.
 */
class MarkdownLinksTest {
  /** Web addresses a Markdown file may link to: prefixes, each the reference of what the docs name. */
  static final List<String> ALLOWED_WEB_PREFIXES = List.of(
      "https://github.com/bleskes/pycounters",          // PyCounters upstream: the model and the tutorial
      "https://pycounters.readthedocs.io/",             // PyCounters' documentation
      "https://www.apache.org/licenses/LICENSE-2.0");   // the license

  private static final Pattern INLINE = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$", Pattern.MULTILINE);
  private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|ftp|mailto|file):[^>\\s]+)>");
  private static final Pattern HTML = Pattern.compile("<(?:a|img)\\s[^>]*?(?:href|src)\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$", Pattern.MULTILINE);

  @Test
  void shouldLinkOnlyInsideTheRepository() {
    Path root = RepositoryDocs.root();
    List<Path> files = RepositoryDocs.markdownFiles();
    assertThat(files).contains(root.resolve("README.md"));
    List<String> broken = new ArrayList<>();
    for (Path file : files) {
      String text = withoutCode(RepositoryDocs.read(file));
      for (String target : links(text)) {
        String problem = check(root, file, target);
        if (problem != null) {
          broken.add(root.relativize(file) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(broken).as("broken or outgoing links").isEmpty();
  }

  @Test
  void shouldCatchWhatItIsFor() {
    Path root = RepositoryDocs.root();
    Path readme = root.resolve("README.md");
    assertThat(check(root, readme, "../shared/pycounters-tutorial.rst")).contains("leaves the repository");
    assertThat(check(root, readme, "docs/NO-SUCH-FILE.md")).contains("no such file");
    assertThat(check(root, readme, "https://example.com/")).contains("not in the allowlist");
    assertThat(check(root, readme, "#no-such-heading")).contains("no heading");
    assertThat(check(root, readme, "#prometheus")).isNull();
    assertThat(check(root, readme, "https://github.com/bleskes/pycounters")).isNull();
    assertThat(links(withoutCode("a [link](x.md) and `[code](y.md)`\n```\n[fenced](z.md)\n```\n")))
        .containsExactly("x.md");
  }

  /** Why {@code target}, linked from {@code file}, is not allowed, or null when it is. */
  static String check(Path root, Path file, String target) {
    String scheme = URI.create(target.replace(" ", "%20")).getScheme();
    if (scheme != null) {
      if ((scheme.equals("http") || scheme.equals("https"))
          && ALLOWED_WEB_PREFIXES.stream().anyMatch(target::startsWith)) {
        return null;
      }
      return "leaves the repository, not in the allowlist of MarkdownLinksTest";
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
    if (path.startsWith("/") || !resolved.startsWith(root)) {
      return "leaves the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor != null && resolved.getFileName().toString().endsWith(".md")
        && !anchors(RepositoryDocs.read(resolved)).contains(anchor)) {
      return "no heading with that anchor in " + root.relativize(resolved);
    }
    return null;
  }

  /** The link targets of {@code markdown} (code already removed). */
  static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    for (Pattern pattern : List.of(INLINE, REFERENCE, AUTOLINK, HTML)) {
      Matcher m = pattern.matcher(markdown);
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** {@code markdown} without fenced code blocks and code spans, whose brackets are not links. */
  static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line.replaceAll("``[^`]*``|`[^`]*`", "")).append('\n');
    }
    return out.toString();
  }

  /** GitHub's anchors for the headings of {@code markdown}: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(String markdown) {
    Matcher m = HEADING.matcher(withoutCode(markdown));
    List<String> anchors = new ArrayList<>();
    while (m.find()) {
      String slug = m.group(1).toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
          .replace(' ', '-');
      long seen = anchors.stream().filter(a -> a.equals(slug) || a.startsWith(slug + "-")).count();
      anchors.add(seen == 0 ? slug : slug + "-" + seen);
    }
    return anchors.stream().collect(Collectors.toSet());
  }
}
