package org.jcounters.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jcounters.core.CounterValue;
import org.jcounters.core.CounterValue.Accumulated;
import org.jcounters.core.CounterValue.Average;
import org.jcounters.core.CounterValue.DoubleSum;
import org.jcounters.core.CounterValue.LongSum;
import org.jcounters.core.EventDispatcher;
import org.jcounters.core.EventDispatcher.Source;
import org.jcounters.core.EventNames;
import org.junit.jupiter.api.Test;

class ThreadTimeCategorizerTest {
  private static final long S = 1_000_000_000L;

  private final EventNames names = new EventNames(32);
  private final EventDispatcher dispatcher = new EventDispatcher(names);
  private final ThreadTimeCategorizer tc = new ThreadTimeCategorizer("tc", List.of("request", "db", "render"));
  private final int request = names.id("request");
  private final int db = names.id("db");
  private final int render = names.id("render");
  private final Source a = dispatcher.newSource(1);
  private final Source b = dispatcher.newSource(2);

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
    dispatcher.start(names.id("other"), a, S, S);
    dispatcher.end(names.id("other"), a, 2 * S, 2 * S);
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
    dispatcher.closeSource(a);
    assertThat(tc.trackedThreads()).isEqualTo(1);
    end(request, dispatcher.newSource(1), S); // a new thread reusing the key: its end has no start
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

  private void start(int id, Source source, long nanoTime) {
    dispatcher.start(id, source, nanoTime, nanoTime);
  }

  private void end(int id, Source source, long nanoTime) {
    dispatcher.end(id, source, nanoTime, nanoTime);
  }

  private static Accumulated categories(double requestSeconds, double dbSeconds, double renderSeconds) {
    return new Accumulated(Map.of(
        "request", new DoubleSum(requestSeconds), "db", new DoubleSum(dbSeconds), "render", new DoubleSum(renderSeconds)));
  }
}
