package org.jcounters.reporters;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.core.FoldedEvents;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A listener that logs every event it sees, for debugging what the code reports: registered like
 * any counter, it listens to the event names it is given and logs, through SLF4J at a chosen
 * level, those whose name and kind match its filters. PyCounters' {@code EventLogger}.
 *
 * <p>Lines read {@code "<event> value <v>"}, {@code "<event> start thread <thread id>"},
 * {@code "<event> end thread <thread id>"}, {@code "<event> occurrence"}. It
 * {@linkplain #followsThreads() follows threads}, so a block is logged as its start and its end;
 * {@link Kind#OCCURRENCE} is for occurrence events proper (and for blocks raised by other counters,
 * which have no start). Events the producers folded while the drainer was behind are logged as one
 * summary line, {@code "<event> values <count> sum <s> min <m> max <M>"} or
 * {@code "<event> occurrences <count>"}; starts and ends cannot be folded (see {@code ThreadTimeCategorizer}).
 *
 * <p><b>Threading and cost.</b> Like every counter it runs on the drainer thread, never on the
 * thread that reported the event: the hot path pays nothing for it. But the drainer waits for each
 * log call, so a slow appender slows draining for everyone (and may fill the rings): meant for
 * debugging, or for rare events. Filters are evaluated once per event name at construction, so a
 * filtered-out event costs one array read.
 *
 * <p><b>Value.</b> It reports the number of lines it has logged ({@code null} before the first; events filtered out or
 * below the logger's level are not counted), so
 * the report shows whether it saw anything; merged across processes by adding.
 *
 * <pre>{@code
 * Counters.register(new EventLogger("debug_requests", List.of("requests_time", "requests_data_len"),
 *     LoggerFactory.getLogger("events"), Level.DEBUG, Pattern.compile("requests_.*"), Pattern.compile("value|end")));
 * }</pre>
 */
public final class EventLogger extends Counter {
  /** What kind of event a line is about; filters match the lower-case names ({@code "value"}, ...). */
  public enum Kind {
    /** A value event, or a summary of values folded while the drainer was behind. */
    VALUE,
    /** The start of a block, with the thread that started it. */
    START,
    /** The end of a block, with the thread that ended it. */
    END,
    /** An occurrence, a summary of occurrences, or a block raised by another counter (which has no start). */
    OCCURRENCE;

    /** {@return the name kind filters match: {@code "value"}, {@code "start"}, {@code "end"}, {@code "occurrence"}} */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern EVERYTHING = Pattern.compile(".*");

  private final Logger logger;
  private final Level level;
  private final boolean[] eventSelected;
  private final Set<Kind> kinds;
  private long logged;

  /**
   * Logs every event of {@code events}, of every kind, at DEBUG.
   *
   * @param name the name it reports under (its value: the lines logged)
   * @param events the event names it listens to (at least one)
   * @param logger where the lines go; called on the drainer thread
   * @throws NullPointerException if {@code logger} is null
   */
  public EventLogger(String name, List<String> events, Logger logger) {
    this(name, events, logger, Level.DEBUG, EVERYTHING, EVERYTHING);
  }

  /**
   * Logs the events of {@code events} whose name fully matches {@code eventFilter} and whose kind's
   * {@linkplain Kind#label() label} fully matches {@code kindFilter}, at {@code level}.
   *
   * @param name the name it reports under (its value: the lines logged)
   * @param events the event names it listens to (at least one)
   * @param logger where the lines go; called on the drainer thread
   * @param level the level of every line
   * @param eventFilter selects the event names to log among {@code events}
   * @param kindFilter selects the {@linkplain Kind kinds} to log by their labels, e.g. {@code value|end}
   * @throws IllegalArgumentException if no kind matches {@code kindFilter} (a typo would log nothing, silently)
   * @throws NullPointerException if {@code logger}, {@code level} or a filter is null
   */
  public EventLogger(String name, List<String> events, Logger logger, Level level, Pattern eventFilter, Pattern kindFilter) {
    super(name, events);
    this.logger = Objects.requireNonNull(logger, "logger");
    this.level = Objects.requireNonNull(level, "level");
    Objects.requireNonNull(eventFilter, "eventFilter");
    Objects.requireNonNull(kindFilter, "kindFilter");
    List<String> names = events();
    this.eventSelected = new boolean[names.size()];
    for (int i = 0; i < eventSelected.length; i++) {
      eventSelected[i] = eventFilter.matcher(names.get(i)).matches();
    }
    EnumSet<Kind> selected = EnumSet.noneOf(Kind.class);
    for (Kind kind : Kind.values()) {
      if (kindFilter.matcher(kind.label()).matches()) {
        selected.add(kind);
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("kind filter '" + kindFilter + "' matches none of value, start, end, occurrence");
    }
    this.kinds = selected;
  }

  /** {@return the kinds this logger logs, a copy} */
  public Set<Kind> kinds() {
    return EnumSet.copyOf(kinds);
  }

  @Override
  protected void onValue(int event, long value, long nowNanos) {
    if (selected(event, Kind.VALUE)) {
      log("{} value {}", events().get(event), value);
    }
  }

  @Override
  protected void onStart(int event, long threadId, long nanoTime) {
    if (selected(event, Kind.START)) {
      log("{} start thread {}", events().get(event), threadId);
    }
  }

  @Override
  protected void onEnd(int event, long threadId, long nanoTime) {
    if (selected(event, Kind.END)) {
      log("{} end thread {}", events().get(event), threadId);
    }
  }

  @Override
  protected void onOccurrence(int event, long nowNanos) {
    if (selected(event, Kind.OCCURRENCE)) {
      log("{} occurrence", events().get(event), null);
    }
  }

  @Override
  protected void onValues(int event, FoldedEvents values, long nowNanos) {
    if (selected(event, Kind.VALUE)) {
      log("{} values {}", events().get(event),
          values.count() + " sum " + values.sum() + " min " + values.min() + " max " + values.max());
    }
  }

  @Override
  protected void onOccurrences(int event, long count, long nowNanos) {
    if (selected(event, Kind.OCCURRENCE)) {
      log("{} occurrences {}", events().get(event), count);
    }
  }

  @Override
  protected boolean followsThreads() {
    return true;
  }

  @Override
  public CounterValue value(long nowNanos) {
    return logged == 0 ? CounterValue.empty() : new CounterValue.LongSum(logged);
  }

  private boolean selected(int event, Kind kind) {
    return eventSelected[event] && kinds.contains(kind);
  }

  private void log(String format, String event, Object detail) {
    if (!logger.isEnabledForLevel(level)) {
      return; // nothing logged, nothing counted
    }
    logged++;
    Object[] args = detail == null ? new Object[] {event} : new Object[] {event, detail};
    switch (level) {
      case ERROR -> logger.error(format, args);
      case WARN -> logger.warn(format, args);
      case INFO -> logger.info(format, args);
      case DEBUG -> logger.debug(format, args);
      case TRACE -> logger.trace(format, args);
    }
  }
}
