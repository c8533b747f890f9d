package org.jcounters.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The examples' {@code --name value} command-line options: small, strict, with clear errors. */
final class Options {
  private final String command;
  private final Map<String, String> values;

  private Options(String command, Map<String, String> values) {
    this.command = command;
    this.values = values;
  }

  /** Parses {@code args} as pairs of a known option and its value. */
  static Options parse(String[] args, String command, String... known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!List.of(known).contains(args[i])) {
        throw new IllegalArgumentException(command + ": unknown option '" + args[i] + "'; options: " + String.join(" ", known));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(command + ": option " + args[i] + " needs a value");
      }
      values.put(args[i], args[i + 1]);
    }
    return new Options(command, values);
  }

  String value(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  int intValue(String name, int otherwise) {
    String value = values.get(name);
    try {
      return value == null ? otherwise : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(command + ": " + name + " needs a whole number, got '" + value + "'", e);
    }
  }

  double doubleValue(String name, double otherwise) {
    String value = values.get(name);
    try {
      double parsed = value == null ? otherwise : Double.parseDouble(value);
      if (!(parsed > 0)) {
        throw new NumberFormatException("not positive");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(command + ": " + name + " needs a positive number, got '" + value + "'", e);
    }
  }
}
