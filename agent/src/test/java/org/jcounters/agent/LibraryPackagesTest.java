package org.jcounters.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LibraryPackagesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "org.jcounters.Events",
      "org.jcounters.core.Counter",
      "org.jcounters.counters.TotalCounter",
      "org.jcounters.internal.ring.EventPath",
      "org.jcounters.internal.core.EventDispatcher",
      "org.jcounters.internal.window.SlidingWindow",
      "org.jcounters.internal.engine.DefaultEngineProvider",
      "org.jcounters.internal.reporters.JsonFiles",
      "org.jcounters.patch.Patcher",
      "org.jcounters.reporters.JsonFileReporter",
      "org.jcounters.multiprocess.LeaderServer",
      "org.jcounters.agent.JCountersAgent",
      "org.HdrHistogram.Histogram",
      "org.agrona.concurrent.IdleStrategy"})
  void shouldNeverPatchTheEnginesOwnClasses(String className) {
    assertThat(LibraryPackages.contains(className)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"org.jcounters.examples.InstrumentedServer", "org.jcounters.benchmarks.Tally", "com.example.app.Shop", "org.agrona.collections.Int2IntHashMap"})
  void shouldPatchApplicationsEvenUnderOrgJcounters(String className) {
    assertThat(LibraryPackages.contains(className)).isFalse();
  }
}
