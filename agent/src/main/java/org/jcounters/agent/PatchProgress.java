package org.jcounters.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the rows have matched so far, to tell the user about the rows that did nothing: a row whose
 * class never loaded (reported once, {@code unmatched_report_after_seconds} after start-up, or when
 * the JVM exits before that), and a row whose class loaded without the method it names (reported at
 * once, for a row naming one class). Thread-safe: classes load on any thread.
 */
final class PatchProgress {
  private final List<PatchRow> rows;
  /** Per row: the first class matched, or null. */
  private final AtomicReferenceArray<String> matchedClass;
  /** Per row: whether some matched class had the method. */
  private final AtomicReferenceArray<Boolean> matchedMethod;
  private final Set<Integer> warnedRows = ConcurrentHashMap.newKeySet();
  private final Set<String> patchedClasses = ConcurrentHashMap.newKeySet();
  private final AtomicInteger patchedMethods = new AtomicInteger();
  private final AtomicBoolean reported = new AtomicBoolean();

  PatchProgress(List<PatchRow> rows) {
    this.rows = List.copyOf(rows);
    this.matchedClass = new AtomicReferenceArray<>(rows.size());
    this.matchedMethod = new AtomicReferenceArray<>(rows.size());
  }

  /** Row number {@code position} (in this progress' list) matched {@code className}, which has {@code methods} methods to patch. */
  void matched(int position, String className, int methods) {
    matchedClass.compareAndSet(position, null, className);
    if (methods > 0) {
      matchedMethod.set(position, Boolean.TRUE);
      patchedClasses.add(className);
      patchedMethods.addAndGet(methods);
    }
  }

  /** Reports {@code problem} of a row once, however many classes or loaders show it. */
  void warnOnce(int position, String problem) {
    if (warnedRows.add(position)) {
      AgentLog.warn(rows.get(position).describe() + ": " + problem);
    }
  }

  int patchedClassCount() {
    return patchedClasses.size();
  }

  int patchedMethodCount() {
    return patchedMethods.get();
  }

  /** Reports the rows that matched nothing, after {@code delay} or when the JVM exits, whichever comes first. */
  void scheduleUnmatchedReport(Duration delay) {
    if (rows.isEmpty()) {
      return;
    }
    Thread timer = new Thread(() -> {
      try {
        Thread.sleep(delay.toMillis());
        reportUnmatched(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "jcounters-agent-unmatched-report");
    timer.setDaemon(true);
    timer.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> reportUnmatched(null), "jcounters-agent-unmatched-report-at-exit"));
  }

  /** Logs each row that matched no class, or (a package prefix) no method; once per JVM. */
  void reportUnmatched(Duration after) {
    if (!reported.compareAndSet(false, true)) {
      return;
    }
    String when = after == null ? "before the JVM exited" : "in the first " + after.toMillis() / 1000.0 + " s";
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      PatchRow row = rows.get(i);
      if (matchedClass.get(i) == null) {
        problems.add(row.describe() + ": " + (row.isPrefix() ? "no class under " + row.prefix() + "*" : "class " + row.className())
            + " was loaded " + when + "; a typo? (a class that loads later is still patched then)");
      } else if (matchedMethod.get(i) == null && row.isPrefix() && !warnedRows.contains(i)) {
        problems.add(row.describe() + ": no class under " + row.prefix() + "* loaded " + when + " declares this method");
      }
    }
    for (String problem : problems) {
      AgentLog.warn(problem);
    }
  }
}
