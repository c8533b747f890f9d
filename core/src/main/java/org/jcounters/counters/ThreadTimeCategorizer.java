package org.jcounters.counters;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Long2ObjectHashMap;
import org.jcounters.core.Counter;
import org.jcounters.core.CounterValue;
import org.jcounters.internal.core.Seconds;

/**
 * Splits each thread's time among mutually exclusive categories. A category is a block event this
 * listener listens to; on each thread the innermost open category is the one running: starting a
 * category pauses the one it is nested in, ending it resumes that one. So with categories
 * {@code request} and {@code db}, a request of 10 ms that spends 4 ms in the database counts 6 ms
 * of {@code request} and 4 ms of {@code db}.
 *
 * <p><b>Value.</b> {@link CounterValue.Accumulated} mapping every category to the
 * {@link CounterValue.DoubleSum} of seconds it ran, over all threads, since registration;
 * {@link CounterValue#empty() empty} until some time has been counted. Time is counted when a
 * category is paused or ended: a block still running at report time is not in the report yet.
 *
 * <p><b>Raised timings.</b> When a thread's outermost category ends (its stack of open categories
 * becomes empty, an "episode"), the time each category ran on that thread during the episode is
 * raised as a timing {@code <name>.<category>} for <em>every</em> category, 0 for those not entered,
 * and the thread's episode times restart from 0. So an {@link AverageTimeCounter} listening to
 * {@code <name>.db} reports the average database time per outermost block (per request), a
 * {@link TotalCounter} on it the total seconds. PyCounters raises the same figures when its
 * {@code raise_value_events(clear=True)} is called at the end of each unit of work; here it happens
 * by itself. Raised timings are stamped with the end's producer time.
 *
 * <p><b>Unbalanced blocks.</b> An end whose category is not open on that thread is ignored. An end
 * of a category that is open under others closes those too (their time so far is kept). Per thread
 * at most {@value #MAX_DEPTH} categories are kept open; deeper starts (deep recursion) are not
 * tracked: their time goes to the innermost tracked category, and their ends are matched by count.
 *
 * <p><b>Memory.</b> Per thread with a category open: a stack of {@value #MAX_DEPTH} ints and one
 * long per category, taken when its outermost category starts and given back (to a pool of at most
 * {@value #MAX_POOLED} kept for reuse) when it ends, or when {@link #onThreadEnded} says the thread
 * died. So memory follows the threads inside a category now, not every thread that ever was one
 * (virtual threads come and go by the million). Driven by the drainer thread only; O(1) and
 * allocation-free per start and end once warm (an end that empties the stack raises one timing per category).
 *
 * <p><b>Threads.</b> It follows each thread's starts and ends ({@link #followsThreads()}), so the
 * threads reporting its categories publish a record per start and per end. When a thread's ring is
 * full those records cannot be folded into a summary as values can: they are counted as dropped,
 * and the categories' time on that thread is then missing or charged to the enclosing category.
 *
 * <pre>{@code
 * Counters.register(new ThreadTimeCategorizer("tc", List.of("request", "db", "render")));
 * Counters.register(new AverageTimeCounter("tc.db"));   // average db seconds per request
 * }</pre>
 */
public final class ThreadTimeCategorizer extends Counter {
  /** Categories kept open per thread; bounds memory per thread against runaway recursion. */
  public static final int MAX_DEPTH = 64;
  /** Thread states kept for reuse once their thread's outermost category ended. */
  static final int MAX_POOLED = 64;

  private final String[] raisedNames;
  private final long[] totalNanos;
  private final Long2ObjectHashMap<ThreadState> threads = new Long2ObjectHashMap<>();
  private final ArrayDeque<ThreadState> pool = new ArrayDeque<>();
  private boolean hasTime;

  /**
   * Splits threads' time among {@code categories}, the block events it listens to.
   *
   * @param name the name it reports under and the prefix of its raised timings, {@code <name>.<category>}
   * @param categories the block event names, mutually exclusive on a thread
   * @throws IllegalArgumentException if the name or a category is null or empty, a category is listed twice, or there is none
   */
  public ThreadTimeCategorizer(String name, List<String> categories) {
    super(name, categories);
    this.raisedNames = events().stream().map(category -> name + "." + category).toArray(String[]::new);
    this.totalNanos = new long[raisedNames.length];
  }

  @Override
  protected boolean followsThreads() {
    return true;
  }

  /** {@return the categories, in the order they were given; immutable} */
  public List<String> categories() {
    return events();
  }

  @Override
  protected void onStart(int category, long threadId, long nanoTime) {
    ThreadState thread = threads.get(threadId);
    if (thread == null) {
      thread = newThread(threadId);
    }
    if (thread.depth == MAX_DEPTH) {
      thread.untracked++;
      return;
    }
    if (thread.depth > 0) {
      charge(thread, nanoTime);
    }
    thread.stack[thread.depth++] = category;
    thread.lastNanos = nanoTime;
  }

  @Override
  protected void onEnd(int category, long threadId, long nanoTime) {
    ThreadState thread = threads.get(threadId);
    if (thread == null || thread.depth == 0) {
      return; // an end without its start (or whose start was before the thread was forgotten)
    }
    if (thread.untracked > 0) {
      thread.untracked--;
      return;
    }
    int open = thread.depth - 1;
    while (open >= 0 && thread.stack[open] != category) {
      open--;
    }
    if (open < 0) {
      return; // not open on this thread
    }
    charge(thread, nanoTime);
    thread.depth = open;
    thread.lastNanos = nanoTime;
    if (open == 0) {
      raiseEpisode(thread, nanoTime);
      release(threadId);
    }
  }

  @Override
  protected void onThreadEnded(long threadId) {
    release(threadId);
  }

  private void release(long threadId) {
    ThreadState thread = threads.remove(threadId);
    if (thread != null && pool.size() < MAX_POOLED) {
      thread.depth = 0;
      thread.untracked = 0;
      Arrays.fill(thread.episodeNanos, 0);
      pool.add(thread);
    }
  }

  @Override
  public CounterValue value(long nowNanos) {
    if (!hasTime) {
      return CounterValue.empty();
    }
    Map<String, CounterValue> entries = new LinkedHashMap<>();
    for (int i = 0; i < totalNanos.length; i++) {
      entries.put(events().get(i), new CounterValue.DoubleSum(Seconds.fromNanos(totalNanos[i])));
    }
    return new CounterValue.Accumulated(entries);
  }

  /** The value itself: the seconds of each category since the categorizer was registered. */
  @Override
  public CounterValue sinceStart(long nowNanos) {
    return value(nowNanos);
  }

  /**
   * {@return how many threads this categorizer currently keeps state for} For tests and diagnostics:
   * the state is the drainer's, so read it there or expect a stale figure.
   */
  public int trackedThreads() {
    return threads.size();
  }

  /** Charges the time since the thread's last transition to the category running on it. */
  private void charge(ThreadState thread, long nanoTime) {
    // One thread's stamps come from one monotonic clock; max() only guards against a broken one.
    long elapsed = Math.max(0, nanoTime - thread.lastNanos);
    int running = thread.stack[thread.depth - 1];
    thread.episodeNanos[running] += elapsed;
    totalNanos[running] += elapsed;
    hasTime = true;
  }

  private void raiseEpisode(ThreadState thread, long nanoTime) {
    long[] episode = thread.episodeNanos;
    for (int i = 0; i < episode.length; i++) {
      sink().timing(raisedNames[i], episode[i], nanoTime);
    }
    Arrays.fill(episode, 0);
  }

  private ThreadState newThread(long threadId) {
    ThreadState thread = pool.poll();
    if (thread == null) {
      thread = new ThreadState(totalNanos.length);
    }
    threads.put(threadId, thread);
    return thread;
  }

  /** One thread's open categories (innermost last) and the time each ran in the current episode. */
  private static final class ThreadState {
    final int[] stack = new int[MAX_DEPTH];
    final long[] episodeNanos;
    int depth;
    int untracked;
    long lastNanos;

    ThreadState(int categories) {
      this.episodeNanos = new long[categories];
    }
  }
}
