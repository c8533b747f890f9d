package org.jcounters.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jcounters.FullRingPolicy;
import org.jcounters.JCounters;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.patch.Patcher.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Patched objects raise start/end around the named methods, through a real engine and an AverageTimeCounter. */
class PatcherTest {
  private static final long MS = 1_000_000L;

  /** The test moves this clock; the engine reads it for starts and ends. */
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final JCounters engine = JCounters.builder().clock(nanos::get).fullRingPolicy(FullRingPolicy.WAIT).build();

  /** A handler as an application would have it; {@code size} is not patched in most tests. */
  public interface Handler {
    String handle(String request) throws IOException;

    String handle(String request, int times) throws IOException;

    int size();

    default String describe() {
      return "a handler of " + size();
    }
  }

  /** Takes {@code millis} of the test's clock per request; fails on "io" and "bug". */
  private final class SlowHandler implements Handler {
    @Override
    public String handle(String request) throws IOException {
      if (request.startsWith("io")) {
        nanos.addAndGet(7 * MS);
        throw new IOException("cannot read " + request);
      }
      if (request.startsWith("bug")) {
        nanos.addAndGet(3 * MS);
        throw new IllegalStateException("bug in " + request);
      }
      nanos.addAndGet(Long.parseLong(request) * MS);
      return "done " + request;
    }

    @Override
    public String handle(String request, int times) throws IOException {
      return handle(request).repeat(times);
    }

    @Override
    public int size() {
      nanos.addAndGet(100 * MS);
      return 42;
    }

    @Override
    public String toString() {
      return "SlowHandler";
    }
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @Test
  void shouldTimeEveryCallOfAPatchedMethod() throws Exception {
    engine.register(new AverageTimeCounter("requests_time"));
    Handler handler = new Patcher(engine, List.of(new Row("handle", "requests_time"))).patch(Handler.class, new SlowHandler());

    assertThat(handler.handle("5")).isEqualTo("done 5");
    assertThat(handler.handle("15")).isEqualTo("done 15");
    assertThat(handler.size()).isEqualTo(42); // not patched: its 100 ms count nowhere

    assertThat(engine.snapshot().value("requests_time")).isEqualTo(new Average(0.010, 2));
  }

  @Test
  void shouldTimeEveryOverloadOfTheNamedMethod() throws Exception {
    engine.register(new AverageTimeCounter("requests_time"));
    Handler handler = new Patcher(engine, List.of(new Row("handle", "requests_time"))).patch(Handler.class, new SlowHandler());

    assertThat(handler.handle("4", 2)).isEqualTo("done 4done 4"); // outer overload 4 ms, inner call is the target's own: not patched
    assertThat(engine.snapshot().value("requests_time")).isEqualTo(new Average(0.004, 1));
  }

  @Test
  void shouldEndTheBlockWhenTheMethodThrowsAndLetTheExceptionThroughUnchanged() {
    engine.register(new AverageTimeCounter("requests_time"));
    Handler handler = new Patcher(engine, List.of(new Row("handle", "requests_time"))).patch(Handler.class, new SlowHandler());

    assertThatThrownBy(() -> handler.handle("io-1"))
        .isExactlyInstanceOf(IOException.class) // the checked exception itself, not an UndeclaredThrowableException
        .hasMessage("cannot read io-1")
        .hasNoCause();
    assertThatThrownBy(() -> handler.handle("bug-2"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("bug in bug-2")
        .hasNoCause();

    assertThat(engine.snapshot().value("requests_time")).isEqualTo(new Average(0.005, 2)); // (7 + 3) / 2 ms
  }

  @Test
  void shouldRaiseEachEventOfAMethodNamedInSeveralRows() throws Exception {
    engine.register(new AverageTimeCounter("requests_time"));
    engine.register(new AverageTimeCounter("handler_time"));
    engine.register(new AverageTimeCounter("size_time"));
    Patcher patcher = new Patcher(engine, List.of(
        new Row("handle", "requests_time"), new Row("handle", "handler_time"), new Row("size", "size_time")));
    Handler handler = patcher.patch(Handler.class, new SlowHandler());

    handler.handle("8");
    handler.size();

    assertThat(engine.snapshot().value("requests_time")).isEqualTo(new Average(0.008, 1));
    assertThat(engine.snapshot().value("handler_time")).isEqualTo(new Average(0.008, 1));
    assertThat(engine.snapshot().value("size_time")).isEqualTo(new Average(0.100, 1));
  }

  @Test
  void shouldPatchADefaultMethodAndStillCallTheTargetsImplementations() {
    engine.register(new AverageTimeCounter("describe_time"));
    Handler handler = new Patcher(engine, List.of(new Row("describe", "describe_time"))).patch(Handler.class, new SlowHandler());

    assertThat(handler.describe()).isEqualTo("a handler of 42"); // the default method calls the target's size(): 100 ms
    assertThat(engine.snapshot().value("describe_time")).isEqualTo(new Average(0.100, 1));
  }

  @Test
  void shouldRejectAnUnknownMethodNameListingTheInterfacesMethods() {
    Patcher patcher = new Patcher(engine, List.of(new Row("hadnle", "requests_time")));
    assertThatThrownBy(() -> patcher.patch(Handler.class, new SlowHandler()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("org.jcounters.patch.PatcherTest$Handler has no method 'hadnle' (patch row Row[method=hadnle, event=requests_time]);"
            + " its methods: describe(), handle(String), handle(String, int), size()");
  }

  @Test
  void shouldLoadRowsFromAJsonLikeList() {
    List<Row> rows = Patcher.rows(List.of(
        Map.of("method", "handle", "event", "requests_time"),
        Map.of("event", "size_time", "method", "size")));
    assertThat(rows).containsExactly(new Row("handle", "requests_time"), new Row("size", "size_time"));
  }

  @Test
  void shouldSayWhichJsonLikeRowIsWrongAndHow() {
    assertThatThrownBy(() -> Patcher.rows(List.of(Map.of("method", "handle", "event", "t"), Map.of("method", "size"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch row 1 has no \"event\"");
    assertThatThrownBy(() -> Patcher.rows(List.of(Map.of("class", "Handler", "method", "handle", "event", "t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch row 0 has an unknown key \"class\"; a row is {\"method\": ..., \"event\": ...} (the interface is given to patch())");
    assertThatThrownBy(() -> Patcher.rows(List.of(Map.of("method", 7, "event", "t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch row 0: \"method\" must be a string, got 7");
    assertThatThrownBy(() -> Patcher.rows(List.of(Map.of("method", "handle", "event", ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch row 0: event name of the patch of method 'handle' must not be empty");
  }

  @Test
  void shouldRejectARepeatedRow() {
    assertThatThrownBy(() -> new Patcher(engine, List.of(new Row("handle", "t"), new Row("handle", "t"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a patch row is listed twice: [Row[method=handle, event=t], Row[method=handle, event=t]]");
  }

  @Test
  void shouldRejectAClassOrATargetThatDoesNotImplementTheInterface() {
    Patcher patcher = new Patcher(engine, List.of(new Row("size", "t")));
    assertThatThrownBy(() -> patcher.patch(SlowHandler.class, new SlowHandler()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a patcher wraps objects behind an interface; org.jcounters.patch.PatcherTest$SlowHandler is a class");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Handler> lie = (Class) Runnable.class;
    assertThatThrownBy(() -> patcher.patch(lie, new SlowHandler()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("org.jcounters.patch.PatcherTest$SlowHandler does not implement java.lang.Runnable");
  }

  @Test
  void shouldForwardEqualsHashCodeAndToStringToTheTarget() {
    SlowHandler target = new SlowHandler();
    Handler handler = new Patcher(engine, List.of(new Row("size", "t"))).patch(Handler.class, target);
    assertThat(handler).isEqualTo(handler); // equals unwraps the patched argument: reflexive
    assertThat(handler.equals(target)).isTrue();
    assertThat(handler.hashCode()).isEqualTo(target.hashCode());
    assertThat(handler.toString()).isEqualTo("SlowHandler");
  }

  @Test
  void shouldPatchAJdkInterfaceAndAPrivateOne() throws Exception {
    engine.register(new AverageTimeCounter("call_time"));
    Patcher patcher = new Patcher(engine, List.of(new Row("call", "call_time")));
    @SuppressWarnings("unchecked")
    Class<Callable<String>> callableOfString = (Class<Callable<String>>) (Class<?>) Callable.class;
    Callable<String> callable = patcher.patch(callableOfString, () -> {
      nanos.addAndGet(2 * MS);
      return "called";
    });
    Hidden hidden = new Patcher(engine, List.of(new Row("call", "call_time"))).patch(Hidden.class, () -> nanos.addAndGet(4 * MS));

    assertThat(callable.call()).isEqualTo("called");
    hidden.call();
    assertThat(engine.snapshot().value("call_time")).isEqualTo(new Average(0.003, 2));
  }

  @Test
  void shouldRaiseItsEventsOnTheDefaultEngineWhenGivenNone() throws Exception {
    JCounters defaultEngine = JCounters.defaultInstance();
    defaultEngine.register(new AverageTimeCounter("patcher_test_default_engine"));
    try {
      Handler handler = new Patcher(List.of(new Row("handle", "patcher_test_default_engine"))).patch(Handler.class, new SlowHandler());
      handler.handle("1");
      CounterValue value = defaultEngine.snapshot().value("patcher_test_default_engine");
      assertThat(value).isInstanceOf(Average.class); // the default engine's clock is the real one: only the count is known
      assertThat(((Average) value).count()).isEqualTo(1);
    } finally {
      defaultEngine.unregister("patcher_test_default_engine");
    }
  }

  @Test
  void shouldNotRaiseAnythingForAMethodThatIsNotPatched() {
    engine.register(new AverageTimeCounter("requests_time"));
    Handler handler = new Patcher(engine, List.of(new Row("handle", "requests_time"))).patch(Handler.class, new SlowHandler());
    handler.size();
    assertThat(engine.snapshot().value("requests_time")).isSameAs(CounterValue.empty());
  }

  /** A package-private interface the patcher must reach by reflection. */
  private interface Hidden {
    void call();
  }
}
