package org.jcounters.internal.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text form of a label set, as reports key a labelled counter's series by it:
 * {@code k1=v1,k2=v2}, the names in the family's order. In values, {@code \} is written {@code \\},
 * {@code ,} is written {@code \,} and {@code =} is written {@code \=}; nothing else is escaped (the
 * JSON writer escapes what JSON needs). Label names cannot contain any of the three. The empty key
 * {@code ""} stands for "no labels" (a family counter's events reported under the plain name).
 *
 * <pre>{@code
 * LabelKeys.format(List.of("method", "path"), new String[] {"GET", "/a,b"});  // method=GET,path=/a\,b
 * LabelKeys.parse("method=GET,path=/a\\,b", List.of("method", "path"));       // [GET, /a,b]
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class LabelKeys {
  /** Prometheus' rule for label names; names starting with {@code __} are reserved there. */
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** Reserved by exposition formats: a histogram's buckets ({@code le}), summaries and the quantile gauges. */
  private static final Set<String> RESERVED = Set.of("le", "quantile", "q");
  /** The most labels of one family: label sets are compared value by value on every lookup. */
  public static final int MAX_LABELS = 16;

  private LabelKeys() {}

  /** The key of {@code values} under {@code names} (same length), escaped as the class comment says. */
  public static String format(List<String> names, String[] values) {
    StringBuilder key = new StringBuilder(16 * values.length);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        key.append(',');
      }
      key.append(names.get(i)).append('=');
      String value = values[i];
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (ch == '\\' || ch == ',' || ch == '=') {
          key.append('\\');
        }
        key.append(ch);
      }
    }
    return key.toString();
  }

  /**
   * The label values of {@code key}, in the order of {@code names}; an empty list for the empty key.
   *
   * @throws IllegalArgumentException if {@code key} is not a key of exactly these names, in this order
   */
  public static List<String> parse(String key, List<String> names) {
    if (key.isEmpty()) {
      return List.of();
    }
    List<String> values = new ArrayList<>(names.size());
    StringBuilder current = new StringBuilder();
    String name = null;
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch == '\\' && name != null) {
        if (++i == key.length()) {
          throw malformed(key, names, "it ends with a lone \\");
        }
        current.append(key.charAt(i));
      } else if (ch == '=' && name == null) {
        name = current.toString();
        current.setLength(0);
      } else if (ch == ',' && name != null) {
        values.add(checked(key, names, values.size(), name, current));
        name = null;
        current.setLength(0);
      } else {
        current.append(ch);
      }
    }
    if (name == null) {
      throw malformed(key, names, "a label has no '='");
    }
    values.add(checked(key, names, values.size(), name, current));
    if (values.size() != names.size()) {
      throw malformed(key, names, "it has " + values.size() + " labels");
    }
    return List.copyOf(values);
  }

  private static String checked(String key, List<String> names, int index, String name, StringBuilder value) {
    if (index >= names.size() || !names.get(index).equals(name)) {
      throw malformed(key, names, "label #" + (index + 1) + " is '" + name + "'");
    }
    return value.toString();
  }

  private static IllegalArgumentException malformed(String key, List<String> names, String why) {
    String shown = key.length() <= 80 ? key : key.substring(0, 80) + "...";
    return new IllegalArgumentException("'" + shown + "' is not a label set key of " + names + ": " + why);
  }

  /**
   * Checks a family's label names and returns an immutable copy.
   *
   * @throws IllegalArgumentException unless there are 1 to {@value #MAX_LABELS} distinct names, each
   *     matching {@code [a-zA-Z_][a-zA-Z0-9_]*}, none starting with {@code __}, none of {@code le},
   *     {@code quantile}, {@code q} (taken by report formats)
   */
  public static List<String> requireValidLabelNames(String family, String... names) {
    if (names == null || names.length == 0 || names.length > MAX_LABELS) {
      throw new IllegalArgumentException("family '" + family + "' needs 1 to " + MAX_LABELS + " label names, got "
          + (names == null ? 0 : names.length));
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        throw new IllegalArgumentException("family '" + family + "': label name '" + name
            + "' must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __");
      }
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("family '" + family + "': label name '" + name + "' is taken by report formats "
            + RESERVED + "; choose another");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("family '" + family + "' names label '" + name + "' twice");
      }
    }
    return List.of(names);
  }
}
