package org.jcounters.agent;

import java.util.List;

/**
 * One row of the patches file: time every call of method {@code method} of class {@code className}
 * (or of every class under a package prefix) as event {@code event}.
 *
 * @param index the row's position in the file, for messages
 * @param className a binary class name ({@code com.acme.Handler}, {@code com.acme.Outer$Inner}) or a
 *     package prefix ending in {@code .*} ({@code com.acme.dao.*}: every class in that package and below)
 * @param method a method name, or {@code <init>} for the constructors
 * @param parameterTypes the parameter types of the one overload to patch ({@code int},
 *     {@code java.lang.String}, {@code byte[]}; simple names accepted), or null for every overload
 * @param event the event name raised around the calls
 * @param counter the counter type registered for the event if the application registers none
 */
record PatchRow(int index, String className, String method, List<String> parameterTypes, String event, String counter) {
  static final String CONSTRUCTOR = "<init>";

  PatchRow {
    parameterTypes = parameterTypes == null ? null : List.copyOf(parameterTypes);
  }

  /** Whether {@link #className} is a package prefix ({@code com.acme.*}) rather than one class. */
  boolean isPrefix() {
    return className.endsWith(".*");
  }

  /** The package prefix with its trailing dot ({@code com.acme.}), for a prefix row. */
  String prefix() {
    return className.substring(0, className.length() - 1);
  }

  boolean isConstructor() {
    return CONSTRUCTOR.equals(method);
  }

  /** How messages name the row: {@code row 2 (com.acme.Handler.handle(int) -> requests_time)}. */
  String describe() {
    String params = parameterTypes == null ? "" : "(" + String.join(", ", parameterTypes) + ")";
    return "row " + index + " (" + className + "." + method + params + " -> " + event + ")";
  }
}
