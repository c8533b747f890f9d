package org.jcounters.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTest {
  @TempDir Path dir;

  @Test
  void shouldGiveOneHolderAtATimeAGrowingEpoch() throws Exception {
    Path file = dir.resolve("report.json.lock");
    WriterLock first = WriterLock.tryAcquire(file, 1, "a");
    assertThat(first).isNotNull();
    assertThat(first.epoch()).isEqualTo(1);
    assertThat(WriterLock.tryAcquire(file, 0, "b")).as("held by another collection of this JVM").isNull();
    assertThat(WriterLock.readHolder(file)).isEqualTo(new WriterLock.Holder(1, 1, "a"));
    first.release();

    WriterLock second = WriterLock.tryAcquire(file, 0, "b");
    assertThat(second.epoch()).isEqualTo(2);
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).startsWith("jcounters-writer-lock epoch=2 level=0 holder=b ");
    second.release();
    assertThat(WriterLock.readHolder(file)).isEqualTo(new WriterLock.Holder(2, 0, "b"));
  }

  @Test
  void shouldRefuseAWriteOfAnotherEpochOrAfterTheReleaseAndWaitForOneInProgress() throws Exception {
    WriterLock lock = WriterLock.tryAcquire(dir.resolve("lock"), 0, "a");
    assertThat(lock.runIfHolding(lock.epoch() - 1, () -> {})).isFalse();

    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicBoolean wrote = new AtomicBoolean();
    Thread writer = new Thread(() -> {
      try {
        lock.runIfHolding(lock.epoch(), () -> {
          writing.countDown();
          finish.await();
          wrote.set(true);
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    Thread releaser = new Thread(lock::release);
    releaser.start();
    releaser.join(200);
    assertThat(releaser.isAlive()).as("release waits for the write in progress").isTrue();
    finish.countDown();
    releaser.join(10_000);
    writer.join(10_000);
    assertThat(wrote).isTrue();
    assertThat(lock.runIfHolding(lock.epoch(), () -> {})).as("a write after the release").isFalse();
  }
}
