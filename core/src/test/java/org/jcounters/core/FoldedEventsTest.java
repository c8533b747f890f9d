package org.jcounters.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FoldedEventsTest {
  @ParameterizedTest(name = "count {0}, sum {1}, min {2}, max {3}")
  @CsvSource({
      "1, 7, 7, 7",
      "1, -7, -7, -7",
      "1, 0, 0, 0",
      "2, 2, -3, 5",
      "2, -9, -5, -4",
      "2, -8, -4, -4",
      "3, -7, -10, 4", // the middle value is exactly -1
      "3, -3, -1, -1",
      "3, 1, -5, 5",
      "4, -13, -10, 3", // -10, 3 and two values summing -6
      "7, -20, -10, 3", // a remainder of -13 over 5: -2, -2, -3, -3, -3
      "7, 20, -10, 13",
      "5, 0, -1000000000000, 1000000000000",
      "1000, 123457, -1, 1000",
      "1000, -1000, -1, -1",
  })
  void shouldReplayExactlyTheCountSumMinAndMax(long count, long sum, long min, long max) {
    FoldedEvents folded = new FoldedEvents().set(count, sum, min, max, null);
    List<Long> replayed = new ArrayList<>();
    folded.replay(replayed::add);

    LongSummaryStatistics stats = replayed.stream().mapToLong(Long::longValue).summaryStatistics();
    assertThat(stats.getCount()).isEqualTo(count);
    assertThat(stats.getSum()).isEqualTo(sum);
    assertThat(stats.getMin()).isEqualTo(min);
    assertThat(stats.getMax()).isEqualTo(max);
  }

  @Test
  void shouldReplayTheVerySameValuesWhenThereAreAtMostThree() {
    assertThat(replay(new FoldedEvents().set(1, -4, -4, -4, null))).containsExactly(-4L);
    assertThat(replay(new FoldedEvents().set(2, -1, -6, 5, null))).containsExactlyInAnyOrder(-6L, 5L);
    assertThat(replay(new FoldedEvents().set(3, -8, -6, 5, null))).containsExactlyInAnyOrder(-6L, 5L, -7L);
  }

  @Test
  void shouldKeepWhatItIsSetTo() {
    Histogram histogram = new Histogram(1, 1000, 2);
    histogram.recordValue(5);
    FoldedEvents folded = new FoldedEvents().set(3, 12, 1, 6, histogram);
    assertThat(folded.count()).isEqualTo(3);
    assertThat(folded.sum()).isEqualTo(12);
    assertThat(folded.min()).isEqualTo(1);
    assertThat(folded.max()).isEqualTo(6);
    assertThat(folded.histogram()).isSameAs(histogram);
    assertThat(folded.set(1, 2, 2, 2, null).histogram()).isNull(); // reused for the next fold
    assertThat(folded.count()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnEmptyFold() {
    FoldedEvents folded = new FoldedEvents();
    assertThatThrownBy(() -> folded.set(0, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> folded.set(-1, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Long> replay(FoldedEvents folded) {
    List<Long> replayed = new ArrayList<>();
    folded.replay(replayed::add);
    return replayed;
  }
}
