package org.jcounters.core;

import java.util.Arrays;
import java.util.List;
import org.jcounters.internal.core.LabelKeys;

/**
 * One label set of an {@link EventFamily}: its label values, interned once to an event id of their
 * own. Immutable (its fields are final, so it may be published through a race); identity is equality,
 * as the family interns each label set once.
 */
public final class LabelSet {
  private final EventFamily family;
  private final int id;
  private final String[] values;
  private final int hash;
  private final String key;
  private final boolean overflow;

  LabelSet(EventFamily family, int id, String[] values, int hash, boolean overflow) {
    this.family = family;
    this.id = id;
    this.values = values;
    this.hash = hash;
    this.key = LabelKeys.format(family.labelNames(), values);
    this.overflow = overflow;
  }

  /** {@return the family this label set belongs to} */
  public EventFamily family() {
    return family;
  }

  /** {@return its event id, what {@link EventFamily#id} returns for its values} */
  public int id() {
    return id;
  }

  /** {@return the label values, in the order of the family's label names; immutable} */
  public List<String> values() {
    return List.of(values);
  }

  /** {@return the key reports use for it: {@code method=GET,status=200} (see {@link LabelKeys})} */
  public String key() {
    return key;
  }

  /** {@return whether this is the family's overflow series, where label sets beyond the limits are folded} */
  public boolean isOverflow() {
    return overflow;
  }

  /**
   * {@return the full name of this label set, {@code http_requests{method="GET",status="200"}}} It is
   * what a counter registered on it lists as its event; quotes, backslashes and newlines in values are escaped.
   */
  public String name() {
    StringBuilder name = new StringBuilder(family.name()).append('{');
    List<String> labels = family.labelNames();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        name.append(',');
      }
      name.append(labels.get(i)).append("=\"");
      for (int c = 0; c < values[i].length(); c++) {
        char ch = values[i].charAt(c);
        switch (ch) {
          case '\\' -> name.append("\\\\");
          case '"' -> name.append("\\\"");
          case '\n' -> name.append("\\n");
          default -> name.append(ch);
        }
      }
      name.append('"');
    }
    return name.append('}').toString();
  }

  int hash() {
    return hash;
  }

  boolean matches(String a) {
    return values.length == 1 && values[0].equals(a);
  }

  boolean matches(String a, String b) {
    return values.length == 2 && values[0].equals(a) && values[1].equals(b);
  }

  boolean matches(String a, String b, String c) {
    return values.length == 3 && values[0].equals(a) && values[1].equals(b) && values[2].equals(c);
  }

  boolean matches(String[] others) {
    return Arrays.equals(values, others);
  }

  @Override
  public String toString() {
    return name() + "#" + id;
  }
}
