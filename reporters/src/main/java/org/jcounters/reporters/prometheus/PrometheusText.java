package org.jcounters.reporters.prometheus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.Empty;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.CounterValue.Max;
import org.jcounters.core.CounterValue.Min;
import org.jcounters.reporters.Report;
import org.jcounters.reporters.ReportValues;

/**
 * A {@link Report} in Prometheus' <a href="https://prometheus.io/docs/instrumenting/exposition_formats/">text
 * exposition format 0.0.4</a>: one metric family per counter, with {@code # HELP} and {@code # TYPE}
 * lines, counters sorted by name, then {@code <prefix>dropped_events_total}.
 *
 * <p><b>Names.</b> {@code <prefix><counter name>}, every character of the counter name outside
 * {@code [a-zA-Z0-9_]} replaced by {@code _} ({@code requests.time} becomes
 * {@code jcounters_requests_time}; colons too, as Prometheus keeps them for recording rules). A
 * counter whose names would collide with names already written (two counters that sanitize alike,
 * or a counter {@code x_count} beside an average {@code x}) is left out, with a {@code #} comment
 * saying so: a repeated family would make Prometheus reject the whole scrape.
 *
 * <p><b>Kinds.</b> JCounters values are mostly windowed (a window's count goes down as well as up)
 * and a value's kind does not say whether its counter is monotonic, so every counter is a
 * {@code gauge}: declaring a windowed value a {@code counter} would make {@code rate()} read every
 * decrease as a reset, while a gauge that happens to be monotonic loses nothing ({@code rate()}
 * works on any series).
 * <ul>
 *   <li>{@link LongSum}, {@link DoubleSum}, {@link Max}, {@link Min}: a gauge.</li>
 *   <li>{@link Average}: a gauge of the mean and a gauge {@code <name>_count} of the samples averaged.</li>
 *   <li>{@link Accumulated}: one gauge family, one series per entry, labelled {@code key="<entry>"}
 *       (an average entry gives its mean; empty and nested non-number entries are left out).</li>
 *   <li>{@link Distribution}: a {@code summary}: {@code <name>{quantile="0.99"}} per reported
 *       quantile, {@code <name>_sum} and {@code <name>_count} (of the values in the window, so not
 *       monotonic either), and a gauge {@code <name>_max}. Timings are in seconds.</li>
 *   <li>{@link Empty} (no data): left out, HELP and TYPE lines too, as Prometheus has no null.</li>
 * </ul>
 * {@code <prefix>dropped_events_total} is a {@code counter}: events lost to full rings since the
 * start, over all nodes in a merged report. A multi-process leader's node reports are not written:
 * the merged values are, once, so that sums over series do not count a node twice.
 *
 * <p><b>Numbers</b> are written as in the JSON report ({@link ReportValues#formatNumber}), with
 * {@code NaN}, {@code +Inf} and {@code -Inf} for non-finite doubles.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * String text = new PrometheusText().format(Report.of(engine.snapshot()));
 * // # HELP jcounters_requests_time JCounters average of counter "requests.time"
 * // # TYPE jcounters_requests_time gauge
 * // jcounters_requests_time 0.00039
 * // ...
 * }</pre>
 */
public final class PrometheusText {
  /** The content type of the format, for HTTP responses. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** The prefix of every metric name by default. */
  public static final String DEFAULT_PREFIX = "jcounters_";
  /** The name, after the prefix, of the count of events lost to full rings. */
  public static final String DROPPED_EVENTS = "dropped_events_total";

  private static final Pattern VALID_PREFIX = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?");

  private final String prefix;

  /** A formatter with the prefix {@value #DEFAULT_PREFIX}. */
  public PrometheusText() {
    this(DEFAULT_PREFIX);
  }

  /**
   * A formatter prefixing every metric name with {@code prefix} (may be empty).
   *
   * @throws IllegalArgumentException if {@code prefix} is not the start of a valid metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
   */
  public PrometheusText(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!VALID_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("a metric name prefix must match [a-zA-Z_:][a-zA-Z0-9_:]*, got '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  /** The prefix of every metric name. */
  public String prefix() {
    return prefix;
  }

  /** The metric name of a counter: the prefix and the counter's name with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _}. */
  public String metricName(String counterName) {
    StringBuilder name = new StringBuilder(prefix.length() + counterName.length() + 1).append(prefix);
    if (name.length() == 0 && !counterName.isEmpty() && counterName.charAt(0) >= '0' && counterName.charAt(0) <= '9') {
      name.append('_'); // a metric name may not start with a digit
    }
    for (int i = 0; i < counterName.length(); i++) {
      char c = counterName.charAt(i);
      boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      name.append(valid ? c : '_');
    }
    return name.toString();
  }

  /** The report in the text format, every line ending with a newline. */
  public String format(Report report) {
    StringBuilder out = new StringBuilder(256 + 128 * report.values().size());
    String dropped = prefix + DROPPED_EVENTS;
    Set<String> used = new HashSet<>();
    used.add(dropped);
    report.values().forEach((counter, value) -> family(out, used, counter, value));
    header(out, dropped, "counter", "JCounters events lost to full rings since the start (over all nodes of a merged report)");
    sample(out, dropped, null, report.droppedEvents());
    return out.toString();
  }

  private void family(StringBuilder out, Set<String> used, String counter, CounterValue value) {
    String name = metricName(counter);
    List<String> names = new ArrayList<>(4);
    names.add(name);
    if (value instanceof Average) {
      names.add(name + "_count");
    } else if (value instanceof Distribution) {
      names.add(name + "_sum");
      names.add(name + "_count");
      names.add(name + "_max");
    } else if (value instanceof Empty || (value instanceof Accumulated accumulated && entries(accumulated).isEmpty())) {
      return; // nothing to write: Prometheus has no null
    }
    for (String taken : names) {
      if (used.contains(taken)) {
        out.append("# counter \"").append(escapeHelp(counter)).append("\" left out: its metric name ").append(taken)
            .append(" is already taken\n");
        return;
      }
    }
    used.addAll(names);
    String quoted = "\"" + escapeHelp(counter) + "\"";
    if (value instanceof LongSum || value instanceof DoubleSum) {
      header(out, name, "gauge", "JCounters sum of counter " + quoted);
      sample(out, name, null, (Number) value.reportValue());
    } else if (value instanceof Max max) {
      header(out, name, "gauge", "JCounters maximum of counter " + quoted);
      sample(out, name, null, max.value());
    } else if (value instanceof Min min) {
      header(out, name, "gauge", "JCounters minimum of counter " + quoted);
      sample(out, name, null, min.value());
    } else if (value instanceof Average average) {
      header(out, name, "gauge", "JCounters average of counter " + quoted);
      sample(out, name, null, average.mean());
      header(out, name + "_count", "gauge", "JCounters number of samples averaged by counter " + quoted);
      sample(out, name + "_count", null, average.count());
    } else if (value instanceof Accumulated accumulated) {
      header(out, name, "gauge", "JCounters entries of counter " + quoted + ", by key");
      entries(accumulated).forEach((key, number) -> sample(out, name, "key=\"" + escapeLabel(key) + "\"", number));
    } else if (value instanceof Distribution distribution) {
      summary(out, name, quoted, distribution);
    } else {
      throw new IllegalStateException("unknown counter value kind " + value.getClass().getName());
    }
  }

  private static void summary(StringBuilder out, String name, String quoted, Distribution distribution) {
    Distribution.Unit unit = distribution.unit();
    String of = unit == Distribution.Unit.NANOSECONDS ? ", in seconds" : "";
    header(out, name, "summary", "JCounters distribution of counter " + quoted + of);
    List<Double> quantiles = distribution.quantiles();
    List<Long> values = distribution.quantileValues();
    for (int i = 0; i < quantiles.size(); i++) {
      sample(out, name, "quantile=\"" + quantiles.get(i) + "\"", unit.report(values.get(i)));
    }
    sample(out, name + "_sum", null, unit.report(distribution.sum()));
    sample(out, name + "_count", null, distribution.count());
    header(out, name + "_max", "gauge", "JCounters maximum of counter " + quoted + of);
    sample(out, name + "_max", null, unit.report(distribution.max()));
  }

  /** An accumulated value's entries that are numbers, by key; an average gives its mean. */
  private static Map<String, Number> entries(Accumulated accumulated) {
    Map<String, Number> numbers = new LinkedHashMap<>();
    accumulated.entries().forEach((key, entry) -> {
      if (entry instanceof Average average) {
        numbers.put(key, average.mean());
      } else if (entry.reportValue() instanceof Number number) {
        numbers.put(key, number);
      }
    });
    return numbers;
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, Number value) {
    out.append(name);
    if (labels != null) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  private static String number(Number value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    }
    return ReportValues.formatNumber(value);
  }

  /** HELP text escapes backslashes and line feeds. */
  private static String escapeHelp(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** Label values also escape double quotes. */
  private static String escapeLabel(String text) {
    return escapeHelp(text).replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "PrometheusText[prefix '" + prefix + "']";
  }
}
