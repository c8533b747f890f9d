package org.jcounters.patch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jcounters.JCounters;
import org.jcounters.internal.core.EventNames;

/**
 * PyCounters' patcher for Java: wraps an object behind one of its interfaces so that calls of the
 * named methods raise a start and an end event, as {@code Events.start}/{@code Events.end} would
 * around them, without editing the object's class. A counter listening to the event (an
 * {@code AverageTimeCounter}, a {@code PercentileWindowCounter.ofTimings}) then times every call.
 *
 * <p><b>Rows.</b> Each {@link Row} names a method of the interface and the event to raise around it:
 * every overload of that name is patched. A method named in several rows raises each event, nested
 * in row order. Rows can come from a configuration file parsed by any JSON library, as
 * {@code [{"method": "handle", "event": "requests_time"}, ...]}, through {@link #rows(List)}.
 *
 * <p><b>Calls.</b> The start is reported before the target's method runs and the end after it
 * returns <em>or throws</em>, on the calling thread (where the engine pairs them). What the method
 * throws passes through unchanged, unwrapped from the reflection's {@link InvocationTargetException}.
 * Methods not named in a row are forwarded without events. {@code equals}, {@code hashCode} and
 * {@code toString} go to the target; {@code equals} unwraps a patched argument, so a patched object
 * equals itself and its target's equals.
 *
 * <p><b>Cost.</b> A {@link Proxy} call: one lookup of the method, reflection, boxing of primitive
 * arguments and an {@code Object[]} per call, on top of the events. For service boundaries (a
 * request handler, a DAO), not inner loops, where {@code Events} belongs.
 *
 * <p><b>Limits.</b> Only what an interface declares can be patched (subclassing a class would need
 * bytecode generation, i.e. a dependency); a block ends when the method returns, so a method returning
 * a future is timed until it returns the future. A patcher is immutable and thread-safe, and so are
 * the objects it returns if their targets are.
 *
 * <pre>{@code
 * engine.register(new AverageTimeCounter("requests_time"));
 * Patcher patcher = new Patcher(engine, List.of(new Patcher.Row("handle", "requests_time")));
 * Handler timed = patcher.patch(Handler.class, new UpperCaseHandler());
 * timed.handle(in, out);    // raises start and end of "requests_time" around UpperCaseHandler.handle
 * }</pre>
 */
public final class Patcher {
  private final JCounters engine;
  private final List<Row> rows;

  /**
   * One patch: raise event {@code event} around every call of the methods named {@code method}.
   *
   * @param method a method name of the interface to patch (checked by {@link #patch})
   * @param event the event to raise, as given to {@code Events.start}/{@code Events.end}
   */
  public record Row(String method, String event) {
    /**
     * Checks both names.
     *
     * @param method a method name of the interface to patch
     * @param event the event to raise around its calls
     * @throws IllegalArgumentException if either name is null, empty or longer than 4096 {@code char}s
     */
    public Row {
      EventNames.requireValidName(method, "patched method name");
      EventNames.requireValidName(event, "event name of the patch of method '" + method + "'");
    }
  }

  /**
   * A patcher raising the rows' events on the {@linkplain JCounters#defaultInstance() default engine}.
   *
   * @param rows the patches, in nesting order; copied
   * @throws IllegalArgumentException if a row repeats another
   */
  public Patcher(List<Row> rows) {
    this(JCounters.defaultInstance(), rows);
  }

  /**
   * A patcher raising the rows' events on {@code engine}.
   *
   * @param engine the engine the events are reported to
   * @param rows the patches, in nesting order; copied
   * @throws IllegalArgumentException if a row repeats another
   */
  public Patcher(JCounters engine, List<Row> rows) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    if (new HashSet<>(this.rows).size() != this.rows.size()) {
      throw new IllegalArgumentException("a patch row is listed twice: " + this.rows);
    }
  }

  /**
   * Rows from the shape a JSON parser gives {@code [{"method": "...", "event": "..."}, ...]}: a list
   * of maps, each with exactly the string entries {@code method} and {@code event}.
   *
   * @param list the parsed JSON array, one map per row
   * @return the rows, in the list's order; immutable
   * @throws IllegalArgumentException saying which row is wrong and how
   */
  public static List<Row> rows(List<? extends Map<String, ?>> list) {
    Objects.requireNonNull(list, "list");
    List<Row> rows = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Map<String, ?> row = list.get(i);
      if (row == null) {
        throw new IllegalArgumentException("patch row " + i + " is null; a row is {\"method\": ..., \"event\": ...}");
      }
      for (String key : row.keySet()) {
        if (!"method".equals(key) && !"event".equals(key)) {
          throw new IllegalArgumentException("patch row " + i + " has an unknown key \"" + key
              + "\"; a row is {\"method\": ..., \"event\": ...} (the interface is given to patch())");
        }
      }
      String method = text(row, "method", i);
      String event = text(row, "event", i);
      try {
        rows.add(new Row(method, event));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("patch row " + i + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(rows);
  }

  /** {@return the rows this patcher applies, in nesting order; immutable} */
  public List<Row> rows() {
    return rows;
  }

  /**
   * Wraps {@code target} behind {@code iface}: calls of the rows' methods raise their events, every
   * other call is forwarded as it is.
   *
   * @throws IllegalArgumentException if {@code iface} is not an interface, {@code target} does not
   *     implement it, a row names no method of {@code iface} (the message lists its methods), or the
   *     interface's methods cannot be called from here (a non-exported, non-open module)
   *
   * @param <T> the interface's type
   * @param iface the interface to wrap behind, which declares the rows' methods
   * @param target the object whose methods are called
   * @return a proxy implementing {@code iface}, thread-safe if {@code target} is
   */
  public <T> T patch(Class<T> iface, T target) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(target, "target");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException("a patcher wraps objects behind an interface; " + iface.getName() + " is a class");
    }
    if (!iface.isInstance(target)) {
      throw new IllegalArgumentException(target.getClass().getName() + " does not implement " + iface.getName());
    }
    Method[] methods = iface.getMethods();
    Map<String, List<Method>> byName = new HashMap<>();
    for (Method method : methods) {
      if (!Modifier.isStatic(method.getModifiers())) {
        byName.computeIfAbsent(method.getName(), name -> new ArrayList<>()).add(method);
      }
    }
    Map<Method, List<Integer>> events = new LinkedHashMap<>();
    for (Row row : rows) {
      List<Method> named = byName.get(row.method());
      if (named == null) {
        throw new IllegalArgumentException(iface.getName() + " has no method '" + row.method() + "' (patch row " + row
            + "); its methods: " + describe(byName));
      }
      int id = engine.id(row.event());
      for (Method method : named) {
        events.computeIfAbsent(method, m -> new ArrayList<>()).add(id);
      }
    }
    Map<Method, Call> calls = new HashMap<>();
    for (List<Method> overloads : byName.values()) {
      for (Method method : overloads) {
        List<Integer> ids = events.getOrDefault(method, List.of());
        calls.put(method, new Call(accessible(method, target), ids.stream().mapToInt(Integer::intValue).toArray()));
      }
    }
    ClassLoader loader = iface.getClassLoader() != null ? iface.getClassLoader() : Patcher.class.getClassLoader();
    return iface.cast(Proxy.newProxyInstance(loader, new Class<?>[] {iface}, new PatchHandler(engine, target, calls)));
  }

  private static Method accessible(Method method, Object target) {
    if (method.canAccess(target)) {
      return method; // a public interface in an exported package: callable as it is
    }
    if (!method.trySetAccessible()) {
      throw new IllegalArgumentException("cannot call " + method + " from " + Patcher.class.getName()
          + ": its interface is not accessible (open its package to org.jcounters.patch)");
    }
    return method;
  }

  private static String text(Map<String, ?> row, String key, int index) {
    Object value = row.get(key);
    if (value == null) {
      throw new IllegalArgumentException("patch row " + index + " has no \"" + key + "\"");
    }
    if (!(value instanceof String)) {
      throw new IllegalArgumentException("patch row " + index + ": \"" + key + "\" must be a string, got " + value);
    }
    return (String) value;
  }

  private static String describe(Map<String, List<Method>> byName) {
    Set<String> signatures = new TreeSet<>();
    byName.values().forEach(methods -> methods.forEach(method -> signatures.add(method.getName() + "("
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")")));
    return String.join(", ", signatures);
  }

  @Override
  public String toString() {
    return "Patcher" + rows;
  }

  /** One interface method: what to call, and the events to raise around it (none for a method not patched). */
  private record Call(Method method, int[] events) {}

  /** Forwards every call to the target, raising the events of patched methods around it. */
  private static final class PatchHandler implements InvocationHandler {
    private final JCounters engine;
    private final Object target;
    private final Map<Method, Call> calls;

    PatchHandler(JCounters engine, Object target, Map<Method, Call> calls) {
      this.engine = engine;
      this.target = target;
      this.calls = calls;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Call call = calls.get(method);
      if (call == null) {
        return objectMethod(proxy, method, args);
      }
      int[] events = call.events;
      if (events.length == 0) {
        return forward(call.method, args);
      }
      for (int event : events) {
        engine.start(event);
      }
      try {
        return forward(call.method, args);
      } finally {
        for (int i = events.length - 1; i >= 0; i--) { // innermost first, as the starts nested
          engine.end(events[i]);
        }
      }
    }

    private Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause(); // what the target threw, unchanged
      }
    }

    /** equals, hashCode, toString: the only calls a proxy gets that its interface does not declare. */
    private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("equals") && args != null && args.length == 1 && method.getParameterTypes()[0] == Object.class) {
        Object other = args[0];
        if (other != null && Proxy.isProxyClass(other.getClass()) && Proxy.getInvocationHandler(other) instanceof PatchHandler patched) {
          other = patched.target;
        }
        return target.equals(other);
      }
      return forward(method, args);
    }
  }
}
