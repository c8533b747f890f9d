package org.jcounters.reporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jcounters.core.Report;
import org.jcounters.core.ReportSource;
import org.jcounters.internal.core.SnapshotSourceProvider;
import org.junit.jupiter.api.Test;

class ReportingControllerTest {
  private static final Duration SHORT = Duration.ofMillis(10);
  private static final Duration NEVER = Duration.ofHours(1);

  /** Records every report it receives. */
  static final class Recording implements Reporter {
    final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void report(Report report) {
      reports.add(report);
    }
  }

  @Test
  void shouldHandTheSameReportToEveryReporterOfARound() {
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      Recording a = new Recording();
      Recording b = new Recording();
      controller.register(a);
      controller.register(b);

      Report handedOut = controller.reportNow();

      assertThat(a.reports).containsExactly(handedOut);
      assertThat(b.reports.get(0)).isSameAs(a.reports.get(0));
    }
  }

  @Test
  void shouldKeepReportingToTheOthersWhateverAReporterThrows() {
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      Recording before = new Recording();
      Recording after = new Recording();
      controller.register(before);
      controller.register(report -> { throw new IOException("disk full"); });
      controller.register(report -> { throw new IllegalStateException("bug"); });
      controller.register(report -> { throw new AssertionError("an Error, not a VirtualMachineError"); });
      controller.register(report -> { throw new LinkageError("missing class"); });
      controller.register(after);

      controller.reportNow();
      controller.reportNow();

      assertThat(before.reports).hasSize(2);
      assertThat(after.reports).hasSize(2);
    }
  }

  @Test
  void shouldLetAVirtualMachineErrorThrough() {
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      controller.register(report -> { throw new InternalError("the JVM is broken"); });

      assertThatThrownBy(controller::reportNow).isInstanceOf(InternalError.class);
    }
  }

  @Test
  void shouldOutputNothingWhenTheSourceHasNoReport() {
    try (ReportingController controller = new ReportingController(() -> null)) {
      Recording reporter = new Recording();
      controller.register(reporter);

      assertThat(controller.reportNow()).isNull();
      assertThat(reporter.reports).isEmpty();
    }
  }

  @Test
  void shouldThrowTheSourceFailureFromReportNow() {
    try (ReportingController controller = new ReportingController(() -> { throw new IOException("leader unreachable"); })) {
      assertThatThrownBy(controller::reportNow)
          .isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("leader unreachable");
    }
  }

  @Test
  void shouldReportPeriodicallyOnANamedDaemonThread() throws InterruptedException {
    CountDownLatch threeRounds = new CountDownLatch(3);
    AtomicReference<Thread> thread = new AtomicReference<>();
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      controller.register(report -> {
        thread.set(Thread.currentThread());
        threeRounds.countDown();
      });
      controller.start(SHORT);

      assertThat(controller.isRunning()).isTrue();
      assertThat(controller.period()).isEqualTo(SHORT);
      assertThat(threeRounds.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get().getName()).startsWith("jcounters-reporting-");
      assertThat(thread.get().isDaemon()).isTrue();
    }
  }

  @Test
  void shouldKeepTheScheduleAfterFailingSourcesAndReporters() throws InterruptedException {
    AtomicInteger collects = new AtomicInteger();
    ReportSource failsFirstTwice = () -> {
      int n = collects.incrementAndGet();
      if (n <= 2) {
        throw n == 1 ? new IOException("first") : new IllegalStateException("second");
      }
      return Reports.of(n);
    };
    CountDownLatch twoGoodRounds = new CountDownLatch(2);
    try (ReportingController controller = new ReportingController(failsFirstTwice)) {
      controller.register(report -> { throw new OutOfMemoryErrorLookalike(); });
      controller.register(report -> twoGoodRounds.countDown());
      controller.start(SHORT);

      assertThat(twoGoodRounds.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** An Error that is not a VirtualMachineError, so it must be contained like any other failure. */
  static final class OutOfMemoryErrorLookalike extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void shouldMakeOneFinalReportOnStop() {
    Recording reporter = new Recording();
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      controller.register(reporter);
      controller.start(NEVER);

      controller.stop();

      assertThat(reporter.reports).hasSize(1);
      assertThat(controller.isRunning()).isFalse();
      controller.stop(); // no schedule: no report
      assertThat(reporter.reports).hasSize(1);
    }
    assertThat(reporter.reports).as("close() of a stopped controller reports nothing").hasSize(1);
  }

  @Test
  void shouldStartAgainAfterStop() throws InterruptedException {
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      controller.start(NEVER);
      controller.stop();
      CountDownLatch reported = new CountDownLatch(1);
      controller.register(report -> reported.countDown());

      controller.start(SHORT);

      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldReleaseTheReportingThreadOnClose() throws InterruptedException {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch reported = new CountDownLatch(1);
    ReportingController controller = new ReportingController(Reports.counting());
    controller.register(report -> {
      thread.compareAndSet(null, Thread.currentThread());
      reported.countDown();
    });
    controller.start(SHORT);
    assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();

    controller.close();

    thread.get().join(10_000);
    assertThat(thread.get().isAlive()).isFalse();
    assertThatThrownBy(() -> controller.start(SHORT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(controller::reportNow).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNeverRunTwoRoundsAtOnce() throws InterruptedException {
    AtomicInteger inRound = new AtomicInteger();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      controller.register(report -> {
        if (inRound.incrementAndGet() > 1) {
          overlapped.set(true);
        }
        Thread.onSpinWait();
        rounds.incrementAndGet();
        inRound.decrementAndGet();
      });
      controller.start(Duration.ofMillis(1));
      Thread[] callers = new Thread[2];
      for (int i = 0; i < callers.length; i++) {
        callers[i] = new Thread(() -> {
          for (int r = 0; r < 200; r++) {
            controller.reportNow();
          }
        });
        callers[i].start();
      }
      for (Thread caller : callers) {
        caller.join(10_000);
      }
    }
    assertThat(rounds.get()).isGreaterThanOrEqualTo(400);
    assertThat(overlapped.get()).isFalse();
  }

  @Test
  void shouldLetAReporterStopItsOwnControllerWithoutDeadlock() throws InterruptedException {
    CountDownLatch finalReport = new CountDownLatch(2); // the round that stops, then the final one
    AtomicReference<ReportingController> self = new AtomicReference<>();
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      self.set(controller);
      controller.register(report -> {
        finalReport.countDown();
        self.get().stop();
      });
      controller.start(SHORT);

      assertThat(finalReport.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void shouldAutoReportTheDefaultEngineFromTheReporterItself() throws InterruptedException {
    CountDownLatch twoRounds = new CountDownLatch(2);
    Recording finalOnly = new Recording();
    Reporter reporter = new Reporter() {
      @Override
      public void report(Report report) {
        assertThat(report.values()).containsKey("snapshots"); // from TestEngineProvider, found by ServiceLoader
        twoRounds.countDown();
        finalOnly.report(report);
      }
    };

    reporter.startAutoReport(SHORT);
    try {
      assertThat(twoRounds.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ReportingController.global().reporters()).contains(reporter);
    } finally {
      int before = finalOnly.reports.size();
      reporter.stopAutoReport();
      assertThat(finalOnly.reports.size()).as("one final report").isGreaterThan(before);
    }
    assertThat(ReportingController.global().reporters()).doesNotContain(reporter);
    assertThat(ReportingController.global().isRunning()).as("no reporter left: schedule stopped").isFalse();
  }

  @Test
  void shouldSayClearlyThatNoEngineIsOnTheClassPath() throws IOException {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> SnapshotSourceProvider.loadDefault(empty))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no JCounters engine found")
          .hasMessageContaining("jcounters-ringbuffer");
    }
  }

  @Test
  void shouldRejectANonPositivePeriod() {
    try (ReportingController controller = new ReportingController(Reports.counting())) {
      assertThatThrownBy(() -> controller.start(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
      assertThat(ReportingController.DEFAULT_PERIOD).isEqualTo(Duration.ofMinutes(5));
    }
  }
}
