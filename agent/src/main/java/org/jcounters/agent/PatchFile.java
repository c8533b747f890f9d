package org.jcounters.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the agent's JSON file. Either PyCounters' list of rows alone, or an object with the rows
 * and the reporters to start:
 *
 * <pre>{@code
 * {
 *   "patches": [
 *     {"class": "com.acme.Handler", "method": "handle", "event": "requests_time"},
 *     {"class": "com.acme.Handler", "method": "parse", "parameters": ["byte[]", "int"], "event": "parse_time",
 *      "counter": "PercentileWindowCounter"},
 *     {"class": "com.acme.dao.*", "method": "<init>", "event": "dao_created", "counter": "EventCounter"}
 *   ],
 *   "reporters": {"json": {"file": "/tmp/server.counters.json", "period_seconds": 5}, "prometheus": {"port": 9464}},
 *   "unmatched_report_after_seconds": 60
 * }
 * }</pre>
 *
 * <p>Contract: never throws. A file that cannot be read or parsed yields an {@linkplain
 * AgentConfig#empty() empty} configuration; a row or a reporter that is wrong is left out; each
 * with one message naming the file, the row and what is expected.
 */
final class PatchFile {
  private static final Set<String> ROW_KEYS = Set.of("class", "method", "event", "counter", "parameters");
  private static final Set<String> TOP_KEYS = Set.of("patches", "reporters", "unmatched_report_after_seconds");
  private static final String ID = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern CLASS_NAME = Pattern.compile(ID + "(\\." + ID + ")*(\\.\\*)?");
  private static final Pattern METHOD_NAME = Pattern.compile(ID + "|<init>");
  private static final Pattern TYPE_NAME = Pattern.compile(ID + "(\\." + ID + ")*(\\[\\])*");

  private final Path file;

  private PatchFile(Path file) {
    this.file = file;
  }

  /** The configuration in {@code argument}'s file (the agent's argument); an empty one, with a message, if there is none. */
  static AgentConfig read(String argument) {
    if (argument == null || argument.isBlank()) {
      AgentLog.error("no patches file: start the agent as -javaagent:jcounters-agent.jar=<patches.json>; nothing is patched", null);
      return AgentConfig.empty();
    }
    return new PatchFile(Path.of(argument.strip())).read();
  }

  private AgentConfig read() {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      return fail("the patches file " + file.toAbsolutePath() + " does not exist", null);
    } catch (JsonProcessingException e) {
      return fail("the patches file " + file.toAbsolutePath() + " is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), null);
    } catch (IOException | RuntimeException e) {
      return fail("cannot read the patches file " + file.toAbsolutePath() + ": " + e, null);
    }
    if (root == null || root.isMissingNode()) {
      return fail("the patches file " + file.toAbsolutePath() + " is empty", null);
    }
    if (root.isArray()) {
      return new AgentConfig(rows(root), null, null, -1, AgentConfig.DEFAULT_UNMATCHED_DELAY);
    }
    if (!root.isObject()) {
      return fail("the patches file " + file.toAbsolutePath() + " must hold a list of rows or an object {\"patches\": [...], \"reporters\": {...}}", null);
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!TOP_KEYS.contains(key)) {
        warn("unknown key \"" + key + "\" ignored; known keys: " + TOP_KEYS);
      }
    }
    JsonNode patches = root.path("patches");
    List<PatchRow> rows = List.of();
    if (patches.isArray()) {
      rows = rows(patches);
    } else {
      warn("\"patches\" must be a list of rows {\"class\": ..., \"method\": ..., \"event\": ...}; nothing is patched");
    }
    Path jsonReport = null;
    Duration jsonPeriod = null;
    int prometheusPort = -1;
    JsonNode reporters = root.path("reporters");
    if (!reporters.isMissingNode()) {
      JsonNode json = reporters.path("json");
      if (!json.isMissingNode()) {
        if (json.path("file").isTextual() && !json.path("file").asText().isBlank()) {
          jsonReport = Path.of(json.path("file").asText());
          jsonPeriod = seconds(json.path("period_seconds"), "reporters.json.period_seconds", Duration.ofMinutes(5));
        } else {
          warn("reporters.json needs a \"file\" (a path); no JSON report is written");
        }
      }
      JsonNode prometheus = reporters.path("prometheus");
      if (!prometheus.isMissingNode()) {
        JsonNode port = prometheus.path("port");
        if (port.isInt() && port.asInt() >= 0 && port.asInt() <= 65535) {
          prometheusPort = port.asInt();
        } else {
          warn("reporters.prometheus.port must be a port number (0 to 65535), got " + port + "; no Prometheus endpoint is served");
        }
      }
      for (Iterator<String> keys = reporters.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("json") && !key.equals("prometheus")) {
          warn("unknown reporter \"" + key + "\" ignored; known: json, prometheus");
        }
      }
    }
    Duration unmatchedDelay = seconds(root.path("unmatched_report_after_seconds"), "unmatched_report_after_seconds", AgentConfig.DEFAULT_UNMATCHED_DELAY);
    return new AgentConfig(rows, jsonReport, jsonPeriod, prometheusPort, unmatchedDelay);
  }

  private List<PatchRow> rows(JsonNode list) {
    List<PatchRow> rows = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      PatchRow row = row(i, list.get(i));
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** The row at {@code index}, or null (with a message) if it is wrong. */
  private PatchRow row(int index, JsonNode node) {
    String where = "row " + index + " " + node;
    if (!node.isObject()) {
      return rowError(where, "a row is an object {\"class\": ..., \"method\": ..., \"event\": ...}");
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!ROW_KEYS.contains(key)) {
        return rowError(where, "unknown key \"" + key + "\"; a row has " + ROW_KEYS);
      }
    }
    String className = text(node, "class");
    String method = text(node, "method");
    String event = text(node, "event");
    if (className == null || method == null || event == null) {
      return rowError(where, "\"class\", \"method\" and \"event\" must each be a non-empty string");
    }
    if (!CLASS_NAME.matcher(className).matches()) {
      return rowError(where, "\"class\" must be a binary class name (com.acme.Handler, com.acme.Outer$Inner) or a package prefix (com.acme.*)");
    }
    if (LibraryPackages.contains(className) || className.equals("org.jcounters.*")) {
      return rowError(where, "JCounters' own classes (HdrHistogram and Agrona's IdleStrategy, shared with the engine, included) cannot be patched");
    }
    if (!METHOD_NAME.matcher(method).matches()) {
      return rowError(where, "\"method\" must be a method name, or <init> for the constructors");
    }
    try {
      org.jcounters.internal.core.EventNames.requireValidName(event, "\"event\"");
    } catch (IllegalArgumentException e) {
      return rowError(where, e.getMessage());
    }
    String counter = CounterTypes.DEFAULT;
    JsonNode counterNode = node.path("counter");
    if (!counterNode.isMissingNode()) {
      if (!counterNode.isTextual() || !CounterTypes.isKnown(counterNode.asText())) {
        return rowError(where, "\"counter\" must be one of " + CounterTypes.NAMES + ", got " + counterNode);
      }
      counter = counterNode.asText();
    }
    List<String> parameters = null;
    JsonNode parametersNode = node.path("parameters");
    if (!parametersNode.isMissingNode()) {
      if (!parametersNode.isArray()) {
        return rowError(where, "\"parameters\" must be a list of type names, e.g. [\"int\", \"java.lang.String\"]");
      }
      parameters = new ArrayList<>();
      for (JsonNode type : parametersNode) {
        if (!type.isTextual() || !TYPE_NAME.matcher(type.asText()).matches()) {
          return rowError(where, "\"parameters\" must be a list of type names, e.g. [\"int\", \"java.lang.String\", \"byte[]\"], got " + type);
        }
        parameters.add(type.asText());
      }
    }
    if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.") || className.startsWith("com.sun.")) {
      if (className.endsWith(".*")) {
        return rowError(where, "JDK classes are patched only when named one by one, not by a package prefix");
      }
    }
    return new PatchRow(index, className, method, parameters, event, counter);
  }

  private static String text(JsonNode node, String key) {
    JsonNode value = node.path(key);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private Duration seconds(JsonNode node, String key, Duration otherwise) {
    if (node.isMissingNode()) {
      return otherwise;
    }
    if (!node.isNumber() || node.asDouble() <= 0) {
      warn("\"" + key + "\" must be a positive number of seconds, got " + node + "; using " + otherwise.toSeconds());
      return otherwise;
    }
    return Duration.ofNanos((long) (node.asDouble() * 1e9));
  }

  private PatchRow rowError(String where, String problem) {
    warn(where + " is ignored: " + problem);
    return null;
  }

  private void warn(String message) {
    AgentLog.warn(file + ": " + message);
  }

  private AgentConfig fail(String message, Throwable cause) {
    AgentLog.error(message + "; nothing is patched, the application runs on", cause);
    return AgentConfig.empty();
  }
}
