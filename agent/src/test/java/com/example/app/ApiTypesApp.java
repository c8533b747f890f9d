package com.example.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.jcounters.JCounters;
import org.jcounters.core.CounterValue.Distribution;
import org.jcounters.counters.PercentileWindowCounter;
import org.jcounters.reporters.prometheus.JCountersCollector;

/**
 * An application bundling JCounters that calls the public API whose signatures carry third-party
 * types (an Agrona {@code IdleStrategy} in, an HdrHistogram {@code Histogram} out and in, client_java
 * types through the reporters) while the agent's engine is on the bootstrap class path. Prints
 * {@code name=value} lines for the parent test.
 */
public final class ApiTypesApp {
  private ApiTypesApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("engine loader=" + JCounters.class.getClassLoader());
    try (JCounters engine = JCounters.builder().idleStrategy(new SleepingMillisIdleStrategy(1)).build()) {
      engine.register(PercentileWindowCounter.ofValues("sizes").build());
      for (int i = 1; i <= 1000; i++) {
        engine.value("sizes", i);
      }
      Distribution sizes = (Distribution) engine.snapshot().value("sizes");
      Histogram histogram = sizes.toHistogram();
      System.out.println("histogram count=" + histogram.getTotalCount());
      System.out.println("histogram loader=" + Histogram.class.getClassLoader());
      Distribution again = Distribution.of(histogram, sizes.sum(), Distribution.Unit.RAW, List.of(0.5));
      System.out.println("distribution count=" + again.count());

      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(new JCountersCollector(engine));
      MetricSnapshots scraped = registry.scrape();
      System.out.println("prometheus families=" + scraped.stream().map(family -> family.getMetadata().getPrometheusName()).sorted().toList());
      System.out.println("collector loader=" + (JCountersCollector.class.getClassLoader() == ApiTypesApp.class.getClassLoader()));
    }
  }
}
