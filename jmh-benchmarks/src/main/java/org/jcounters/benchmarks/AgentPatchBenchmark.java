package org.jcounters.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcounters.Counters;
import org.jcounters.Events;
import org.jcounters.Shortcuts;
import org.jcounters.counters.AverageTimeCounter;
import org.jcounters.patch.Patcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An empty method timed three ways, in the same run: patched by the agent (advice inlined by Byte
 * Buddy, {@code agent-patches.json}), wrapped in {@code Shortcuts.time} by hand, and called through the
 * interface {@link Patcher}'s proxy. The agent's figure minus the shortcut's is what patching by
 * agent costs over instrumenting by hand (issue 12 expects at most 5 ns).
 *
 * <p>The forks start with the agent, so run from the repository root once the agent jar is built:
 * <pre>
 * mvn -B -pl agent,jmh-benchmarks -am package -DskipTests
 * java -jar jmh-benchmarks/target/benchmarks.jar AgentPatchBenchmark
 * </pre>
 *
 * <p>Paced like {@link JCountersBenchmark}: before each batch (untimed) the thread waits until the
 * drainer has counted enough of its events for the batch to fit in its ring, so every call takes the
 * publish path, never the full-ring one. The benchmark registers its own counters ({@link Tally}
 * around an {@link AverageTimeCounter}), which replace the one the agent registered for its event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-javaagent:agent/target/jcounters-agent.jar=jmh-benchmarks/agent-patches.json")
@Threads(1)
@State(Scope.Thread)
public class AgentPatchBenchmark {
  static final String PATCHED = "bench_agent_patched_time";
  static final String SHORTCUT = "bench_agent_shortcut_time";
  static final String PATCHER = "bench_agent_patcher_time";

  /** Called through the {@link Patcher}'s proxy. */
  public interface Work {
    void work();
  }

  /** The patched class: {@code agent-patches.json} names {@code work}. */
  public static final class Target implements Work {
    @Override
    public void work() {
      // empty: the figure is the instrumentation's
    }

    /** The same empty body, never patched: what the shortcut wraps. */
    public void plain() {
      // empty
    }
  }

  private final Target target = new Target();
  private Work proxy;
  private Tally patched;
  private Tally shortcut;
  private Tally patcher;
  private Tally current;
  /** Blocks timed so far by the running benchmark. */
  private long sentBlocks;

  @Setup(Level.Trial)
  public void setUp() {
    if (Events.class.getClassLoader() != null) {
      throw new IllegalStateException("run with -javaagent:agent/target/jcounters-agent.jar=jmh-benchmarks/agent-patches.json,"
          + " from the repository root, after building the agent (mvn -B -pl agent -am package -DskipTests)");
    }
    patched = register(PATCHED);
    shortcut = register(SHORTCUT);
    patcher = register(PATCHER);
    proxy = new Patcher(List.of(new Patcher.Row("work", PATCHER))).patch(Work.class, target);
  }

  private static Tally register(String name) {
    Tally tally = new Tally(new AverageTimeCounter(name));
    Counters.register(tally); // replaces the agent's default counter for PATCHED
    return tally;
  }

  /** Before each batch, untimed: room in the ring for it (see {@link JCountersBenchmark.Pacer}). */
  @Setup(Level.Invocation)
  public void waitForRoom() {
    if (current == null) {
      return;
    }
    // A block is one record (a TIMING with the producer-measured duration), and a tally counts it once.
    final long limit = JCountersBenchmark.PACER_LIMIT;
    final long deadline = System.nanoTime() + 1_000_000_000L; // never hang if an engine counts blocks differently
    while (sentBlocks - current.received() > limit && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  /** {@code target.work()}, patched by the agent: a start and an end inlined around the empty body. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void patchedByAgent() {
    current = patched;
    final Target t = target;
    for (int i = 0; i < Batch.CALLS; i++) {
      t.work();
    }
    sentBlocks += Batch.CALLS;
  }

  /** {@code try (Shortcuts.Scope s = Shortcuts.time(name)) { target.plain(); }}: the same block timed by hand. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  @SuppressWarnings("try") // the scope is only closed: that is the point
  public void shortcutTime() {
    current = shortcut;
    final Target t = target;
    for (int i = 0; i < Batch.CALLS; i++) {
      try (Shortcuts.Scope scope = Shortcuts.time(SHORTCUT)) {
        t.plain();
      }
    }
    sentBlocks += Batch.CALLS;
  }

  /** {@code proxy.work()} through the interface {@link Patcher}: reflection and a proxy per call. */
  @Benchmark
  @OperationsPerInvocation(Batch.CALLS)
  public void interfacePatcher() {
    current = patcher;
    final Work w = proxy;
    for (int i = 0; i < Batch.CALLS; i++) {
      w.work();
    }
    sentBlocks += Batch.CALLS;
  }
}
