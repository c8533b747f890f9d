package org.jcounters.examples;

import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.core.EventFamily;
import org.jcounters.counters.TotalCounter;

/** The README's labelled events, checked against the README by ReadmeSnippetsTest. */
final class LabelsExample {
  // snippet:start
  static final EventFamily REQUESTS = Events.family("http_requests", "method", "status"); // once

  static void register() {
    Counters.register(new TotalCounter("http_requests"));  // hears every label set, one total each
  }

  static void handled(String method, String status) {
    Events.value(REQUESTS.id(method, status), 1);         // per request
  }
  // snippet:end

  private LabelsExample() {}
}
