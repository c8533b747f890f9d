package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.internal.core.EventDispatcher;
import org.jcounters.internal.core.EventNames;
import org.junit.jupiter.api.Test;

class ThreadTimeCategorizerTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(32);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final ThreadTimeCategorizer tc = new ThreadTimeCategorizer("tc", List.of("request", "db", "render"));
  private final int request = names.id("request");
  private final int db = names.id("db");
  private final int render = names.id("render");
  /** Two threads, by id. */
  private final long a = 1;
  private final long b = 2;

  ThreadTimeCategorizerTest() {
    dispatcher.add(tc);
  }

  @Test
  void shouldBeEmptyBeforeAnyTimeWasCounted() {
    assertThat(tc.value(0)).isSameAs(CounterValue.empty());
    start(request, a, 0);
    assertThat(tc.value(0)).isSameAs(CounterValue.empty()); // still running: counted when paused or ended
  }

  @Test
  void shouldSplitEachThreadsTimeAmongNestedCategoriesWhenThreadsInterleave() {
    runTwoInterleavedRequests();

    // a: request 0-2, 5-7, 10-12 = 6 s; db 2-5 = 3 s; render 7-10 = 3 s (12 s in all)
    // b: request 1-4, 11-15 = 7 s; render 4-6, 9-11 = 4 s; db 6-9 = 3 s (14 s in all)
    assertThat(tc.value(15 * S)).isEqualTo(categories(13.0, 6.0, 7.0));
  }

  @Test
  void shouldCountTimeAtEachPauseAndEndNotWhileRunning() {
    start(request, a, 0);
    start(request, b, 1 * S);
    start(db, a, 2 * S);
    start(render, b, 4 * S);
    end(db, a, 5 * S);
    // a: request 2 s, db 3 s; b: request 3 s; b's render and a's request are running, not yet counted
    assertThat(tc.value(5 * S)).isEqualTo(categories(5.0, 3.0, 0.0));
  }

  @Test
  void shouldRaiseEachCategorysTimePerOutermostBlockReachingAverageTimeCounters() {
    AverageTimeCounter dbPerRequest = new AverageTimeCounter("tc.db");
    AverageTimeCounter renderPerRequest = new AverageTimeCounter("tc.render");
    AverageTimeCounter requestPerRequest = new AverageTimeCounter("tc.request");
    TotalCounter dbTotal = new TotalCounter("db_total", List.of("tc.db"));
    dispatcher.add(dbPerRequest);
    dispatcher.add(renderPerRequest);
    dispatcher.add(requestPerRequest);
    dispatcher.add(dbTotal);

    runTwoInterleavedRequests();

    assertThat(dbPerRequest.value(15 * S)).isEqualTo(new Average(3.0, 2));
    assertThat(renderPerRequest.value(15 * S)).isEqualTo(new Average(3.5, 2));
    assertThat(requestPerRequest.value(15 * S)).isEqualTo(new Average(6.5, 2));
    assertThat(dbTotal.value(15 * S)).isEqualTo(new DoubleSum(6.0));

    // A second episode on a: only db, 1 s. Its request and render times are raised as 0 and
    // its episode restarts from 0, so nothing of the first episode is raised again.
    start(db, a, 20 * S);
    end(db, a, 21 * S);
    assertThat(dbPerRequest.value(21 * S)).isEqualTo(new Average(7.0 / 3, 3));
    assertThat(requestPerRequest.value(21 * S)).isEqualTo(new Average(13.0 / 3, 3));
    assertThat(dbTotal.value(21 * S)).isEqualTo(new DoubleSum(7.0));
  }

  @Test
  void shouldRaiseOnlyWhenTheOutermostCategoryEnds() {
    EventCounter episodes = new EventCounter("episodes", List.of("tc.request"));
    dispatcher.add(episodes);
    start(request, a, 0);
    start(db, a, S);
    end(db, a, 2 * S);
    assertThat(episodes.value(2 * S)).isSameAs(CounterValue.empty());
    end(request, a, 3 * S);
    assertThat(episodes.value(3 * S)).isEqualTo(new LongSum(1));
  }

  @Test
  void shouldNotPauseACategoryForABlockThatIsNotOne() {
    start(request, a, 0);
    dispatcher.start(names.id("other"), a, S);
    dispatcher.end(names.id("other"), a, 2 * S);
    end(request, a, 3 * S);
    assertThat(tc.value(3 * S)).isEqualTo(categories(3.0, 0.0, 0.0));
  }

  @Test
  void shouldKeepCountingARecursiveCategoryAsOneStretch() {
    TotalCounter dbTotal = new TotalCounter("tc.db");
    dispatcher.add(dbTotal);
    start(db, a, 0);
    start(db, a, 1 * S);
    end(db, a, 3 * S);
    end(db, a, 4 * S);
    assertThat(tc.value(4 * S)).isEqualTo(categories(0.0, 4.0, 0.0));
    assertThat(dbTotal.value(4 * S)).isEqualTo(new DoubleSum(4.0));
  }

  @Test
  void shouldIgnoreAnEndOfACategoryThatIsNotOpen() {
    end(db, a, S);
    assertThat(tc.value(S)).isSameAs(CounterValue.empty());
    start(request, a, 2 * S);
    end(db, a, 3 * S);
    end(request, a, 4 * S);
    assertThat(tc.value(4 * S)).isEqualTo(categories(2.0, 0.0, 0.0));
  }

  @Test
  void shouldCloseCategoriesLeftOpenInsideOneThatEnds() {
    TotalCounter requestTotal = new TotalCounter("tc.request");
    dispatcher.add(requestTotal);
    start(request, a, 0);
    start(db, a, 1 * S);
    end(request, a, 4 * S); // db never ended (an exception skipped its end): closed with request
    end(db, a, 5 * S); // too late: no longer open
    assertThat(tc.value(5 * S)).isEqualTo(categories(1.0, 3.0, 0.0));
    assertThat(requestTotal.value(5 * S)).isEqualTo(new DoubleSum(1.0));
  }

  @Test
  void shouldForgetAThreadWhenItCloses() {
    start(request, a, 0);
    start(request, b, 0);
    assertThat(tc.trackedThreads()).isEqualTo(2);
    dispatcher.threadEnded(a);
    assertThat(tc.trackedThreads()).isEqualTo(1);
    end(request, a, S); // a new thread reusing the id: its end has no start
    assertThat(tc.value(S)).isSameAs(CounterValue.empty());
  }

  @Test
  void shouldBoundTheCategoriesKeptOpenPerThread() {
    TotalCounter dbTotal = new TotalCounter("tc.db");
    EventCounter episodes = new EventCounter("episodes", List.of("tc.db"));
    dispatcher.add(dbTotal);
    dispatcher.add(episodes);
    int depth = ThreadTimeCategorizer.MAX_DEPTH + 10;
    for (int i = 0; i < depth; i++) {
      start(db, a, i * S);
    }
    for (int i = 0; i < depth; i++) {
      end(db, a, (depth + i) * S);
    }
    assertThat(tc.value(2 * depth * S)).isEqualTo(categories(0.0, 2.0 * depth - 1, 0.0));
    assertThat(dbTotal.value(2 * depth * S)).isEqualTo(new DoubleSum(2.0 * depth - 1));
    assertThat(episodes.value(2 * depth * S)).isEqualTo(new LongSum(1));
  }

  @Test
  void shouldRaiseNowhereWhenNotRegistered() {
    ThreadTimeCategorizer loose = new ThreadTimeCategorizer("loose", List.of("x"));
    loose.onStart(0, 1, 0);
    loose.onEnd(0, 1, S);
    assertThat(loose.value(S)).isEqualTo(new Accumulated(Map.of("x", new DoubleSum(1.0))));
    assertThat(loose.categories()).containsExactly("x");
  }

  @Test
  void shouldFollowThreadsAndTakeNoDurations() {
    dispatcher.timing(request, 5 * S, 5 * S); // a duration measured by a producer: not for a counter following threads
    assertThat(tc.value(5 * S)).isSameAs(CounterValue.empty());
    assertThat(dispatcher.listening(request)).isEqualTo(EventDispatcher.FOLLOWS_THREADS);
  }

  @Test
  void shouldReleaseAThreadsStateWhenItsOutermostCategoryEnds() {
    runTwoInterleavedRequests();
    assertThat(tc.trackedThreads()).isZero();

    start(request, a, 20 * S);
    start(db, a, 21 * S);
    end(db, a, 22 * S);
    assertThat(tc.trackedThreads()).isEqualTo(1); // request still open
    end(request, a, 23 * S);
    assertThat(tc.trackedThreads()).isZero();
    assertThat(tc.value(23 * S)).isEqualTo(categories(15.0, 7.0, 7.0));
  }

  @Test
  void shouldReuseAReleasedStateAsNewWithNothingOfItsFormerThread() {
    TotalCounter requestTotal = new TotalCounter("tc.request");
    TotalCounter dbTotal = new TotalCounter("tc.db");
    EventCounter episodes = new EventCounter("episodes", List.of("tc.db"));
    dispatcher.add(requestTotal);
    dispatcher.add(dbTotal);
    dispatcher.add(episodes);
    // Thread a dies deep inside categories, past the depth bound: its state (open stack, episode
    // times, untracked starts) goes back to the pool as it is released.
    start(request, a, 0);
    for (int i = 0; i < ThreadTimeCategorizer.MAX_DEPTH + 5; i++) {
      start(db, a, S);
    }
    dispatcher.threadEnded(a);
    assertThat(tc.trackedThreads()).isZero();

    // Thread b takes a state from the pool: a fresh stack, episode and depth.
    start(db, b, 10 * S);
    end(db, b, 12 * S);
    assertThat(tc.trackedThreads()).isZero();
    assertThat(episodes.value(12 * S)).isEqualTo(new LongSum(1));
    assertThat(requestTotal.value(12 * S)).isEqualTo(new DoubleSum(0.0)); // not a's 1 s of request
    assertThat(dbTotal.value(12 * S)).isEqualTo(new DoubleSum(2.0));

    // And a released state is reused again and again, each episode on its own.
    for (long thread = 100; thread < 100 + 3 * ThreadTimeCategorizer.MAX_POOLED; thread++) {
      start(request, thread, 20 * S);
      end(request, thread, 21 * S);
    }
    assertThat(tc.trackedThreads()).isZero();
    assertThat(requestTotal.value(21 * S)).isEqualTo(new DoubleSum(3.0 * ThreadTimeCategorizer.MAX_POOLED));
  }

  /** Two requests on two threads, nested categories, interleaved as a drainer would see them. */
  private void runTwoInterleavedRequests() {
    start(request, a, 0);
    start(request, b, 1 * S);
    start(db, a, 2 * S);
    start(render, b, 4 * S);
    end(db, a, 5 * S);
    start(db, b, 6 * S);
    start(render, a, 7 * S);
    end(db, b, 9 * S);
    end(render, a, 10 * S);
    end(render, b, 11 * S);
    end(request, a, 12 * S);
    end(request, b, 15 * S);
  }

  private void start(int id, long thread, long nanoTime) {
    assertThat(dispatcher.start(id, thread, nanoTime)).isTrue();
  }

  private void end(int id, long thread, long nanoTime) {
    assertThat(dispatcher.end(id, thread, nanoTime)).isTrue();
  }

  private static Accumulated categories(double requestSeconds, double dbSeconds, double renderSeconds) {
    return new Accumulated(Map.of(
        "request", new DoubleSum(requestSeconds), "db", new DoubleSum(dbSeconds), "render", new DoubleSum(renderSeconds)));
  }
}
