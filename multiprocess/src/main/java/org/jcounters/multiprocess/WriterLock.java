package org.jcounters.multiprocess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to write a group's reports: an exclusive lock on a file ({@link FileChannel#tryLock()}),
 * held by at most one process at a time, which the operating system releases when its holder dies,
 * {@code kill -9} included. Timeouts alone cannot promise one leader (a stopped or paused process can
 * outlive any of them); the lock can promise one writer.
 *
 * <p>The file also holds the <em>election epoch</em>: each process that takes the lock reads the
 * epoch of the previous holder and writes it plus one, with its own level and node id, before it
 * writes anything. Since only a holder writes reports and every holder's epoch is greater than its
 * predecessor's, a report of a lower epoch is never written after one of a higher epoch.
 * {@link #runIfHolding} makes that hold across the release: releasing waits for a write in progress,
 * and a write that starts after the release (a report collected just before stepping down) is
 * refused.
 *
 * <pre>
 *  jcounters-writer-lock epoch=42 level=0 holder=host_1234_1_1712345678000
 * </pre>
 *
 * <p>Other processes read the file to learn who writes ({@link #readHolder}): a leader that cannot
 * take the lock learns the holder's level, and steps down if the holder is better placed. The lock
 * is advisory (POSIX {@code fcntl}), so it binds JCounters processes only, and only those that share
 * the file: processes on one machine, or on a file system whose locks are reliable.
 *
 * <p>Thread-safe. Within one JVM, two collections using the same file exclude each other as two
 * processes would. That needs care: POSIX releases all of a process's locks on a file when the process
 * closes <em>any</em> descriptor of it, so a second collection of this JVM opening and closing the file
 * would silently free the first one's lock for other processes. Locks held by this JVM are therefore
 * kept in {@link #HELD}, and the file is never opened while this JVM holds its lock.
 */
final class WriterLock {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLock.class);
  private static final Pattern CONTENT = Pattern.compile("jcounters-writer-lock epoch=(\\d{1,18}) level=(\\d{1,5}) holder=(\\S{1,200})\\s*");
  /** Every content is padded to this length, so a new one always overwrites the whole old one. */
  private static final int CONTENT_BYTES = 320;
  /** Lock files this JVM holds, by absolute path; every open, lock, close of a lock file happens under its monitor. */
  private static final Map<Path, WriterLock> HELD = new HashMap<>();

  /** What the lock file says about its current (or last) holder. */
  record Holder(long epoch, int level, String nodeId) {}

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final long epoch;
  private final Holder holder;
  private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock();
  private boolean released; // guarded by writing

  private WriterLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.epoch = holder.epoch();
    this.holder = holder;
  }

  /**
   * Takes the lock if nobody holds it, and the next epoch with it.
   *
   * @return the held lock, or {@code null} if another process (or collection of this JVM) holds it
   * @throws IOException if the file cannot be opened or written
   */
  static WriterLock tryAcquire(Path file, int level, String nodeId) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    synchronized (HELD) {
      if (HELD.containsKey(key)) {
        return null; // another collection of this JVM: opening the file here could free its lock
      }
      WriterLock acquired = lock(key, level, nodeId);
      if (acquired != null) {
        HELD.put(key, acquired);
      }
      return acquired;
    }
  }

  private static WriterLock lock(Path file, int level, String nodeId) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // cannot happen while HELD is consulted first; counted as held all the same
      }
      if (lock == null) {
        channel.close();
        return null;
      }
      Holder previous = parse(read(channel), file);
      long epoch = (previous == null ? 0 : previous.epoch()) + 1;
      String line = "jcounters-writer-lock epoch=" + epoch + " level=" + level + " holder=" + nodeId;
      // One write of a fixed length at offset 0: it replaces all of the previous content (no tail of a
      // longer line is left to misparse), and a reader sees the old line, the new one, or a mix it refuses.
      byte[] content = (line + " ".repeat(CONTENT_BYTES - 1 - line.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.write(ByteBuffer.wrap(content), 0);
      channel.force(false);
      return new WriterLock(file, channel, lock, new Holder(epoch, level, nodeId));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The holder the file names (the current one if it is held), or {@code null} if there is none or it cannot be read now. */
  static Holder readHolder(Path file) {
    Path key = file.toAbsolutePath().normalize();
    synchronized (HELD) {
      WriterLock here = HELD.get(key);
      if (here != null) {
        return here.holder;
      }
      try (FileChannel channel = FileChannel.open(key, StandardOpenOption.READ)) {
        return parse(read(channel), null);
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CONTENT_BYTES);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // the whole line, however the reads split it
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  private static Holder parse(String content, Path warnAbout) {
    if (content.isEmpty()) {
      return null;
    }
    Matcher m = CONTENT.matcher(content);
    if (!m.matches()) {
      if (warnAbout != null) {
        // Only if something else wrote the file: JCounters writes one line in one write.
        LOG.warn("the writer lock file {} holds no epoch JCounters wrote; counting epochs from 1 again", warnAbout);
      }
      return null;
    }
    return new Holder(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
  }

  /** This holder's epoch, written into every report it writes. */
  long epoch() {
    return epoch;
  }

  /** What a fenced write does. */
  interface Write {
    void run() throws Exception;
  }

  /**
   * Runs {@code write} if this lock is still held and {@code reportEpoch} is its epoch; {@link #release}
   * waits for it.
   *
   * @return false if the write was refused: the lock was released, or the report is of another epoch
   */
  boolean runIfHolding(long reportEpoch, Write write) throws Exception {
    writing.readLock().lock();
    try {
      if (released || reportEpoch != epoch) {
        return false;
      }
      write.run();
      return true;
    } finally {
      writing.readLock().unlock();
    }
  }

  /** Releases the lock once no write is in progress; later writes are refused. Idempotent. */
  void release() {
    writing.writeLock().lock();
    try {
      if (released) {
        return;
      }
      released = true;
      synchronized (HELD) {
        try {
          lock.release();
        } catch (IOException e) {
          LOG.warn("releasing the writer lock failed ({}); closing the file releases it", e.toString());
        }
        try {
          channel.close();
        } catch (IOException e) {
          LOG.warn("closing the writer lock file failed: {}", e.toString());
        }
        HELD.remove(file, this);
      }
    } finally {
      writing.writeLock().unlock();
    }
  }
}
