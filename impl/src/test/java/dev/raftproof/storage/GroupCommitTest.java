package dev.raftproof.storage;

import static dev.raftproof.storage.StorageTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCommitTest {
  @TempDir Path tmp;

  /**
   * N threads each submit one step. The test holds the writer inside its first fsync until all N are queued (no
   * sleeping: a latch), so the rest must share one more fsync. Every future completes only after an fsync.
   */
  @Test
  void concurrentAppendsShareFsyncs() throws Exception {
    int n = 64;
    AtomicInteger walFsyncs = new AtomicInteger();
    CountDownLatch allQueued = new CountDownLatch(n);
    boolean[] armed = {false};
    List<String> log = new ArrayList<>();
    StorageOptions opts = quiet(log).withFsyncHook(p -> {
      if (armed[0] && p.getFileName().toString().startsWith("wal-")) {
        if (walFsyncs.incrementAndGet() == 1) {
          try {
            assertTrue(allQueued.await(30, TimeUnit.SECONDS), "writers never queued");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    });
    Object lock = new Object();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), opts)) {
      armed[0] = true;
      List<Thread> threads = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < n; t++) {
        int id = t;
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          CompletableFuture<Void> f;
          synchronized (lock) { // the driver's order: entriesFrom follows the last submitted entry
            long from = s.lastIndex() + 1;
            f = s.persistAsync(ready(new HardState(1, "s1", from - 1), from, List.of(Entry.value(1, "w" + id))));
            futures.add(f);
          }
          allQueued.countDown();
          f.join();
        });
        threads.add(th);
        th.start();
      }
      go.countDown();
      for (Thread th : threads) {
        th.join(30_000);
        assertFalse(th.isAlive());
      }
      synchronized (lock) {
        for (CompletableFuture<Void> f : futures) {
          assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
      }
      assertEquals(n, s.stepCount());
      System.out.println("group commit: " + n + " appends, " + walFsyncs.get() + " log fsyncs");
      assertTrue(walFsyncs.get() <= 3, walFsyncs.get() + " fsyncs for " + n + " appends");
    }
    try (DiskStorage s = DiskStorage.open(tmp.resolve("d"), quiet(log))) {
      assertEquals(n, s.recovered().entries().size());
      assertEquals(n - 1, s.recovered().hardState().commitIndex());
    }
  }

  @Test
  void futuresCompleteInSubmissionOrder() throws Exception {
    List<Integer> order = new ArrayList<>();
    try (DiskStorage s = DiskStorage.open(tmp.resolve("o"))) {
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        int k = i;
        CompletableFuture<Void> f = s.persistAsync(entries(i, List.of(Entry.value(1, "x" + i))));
        fs.add(f.thenRun(() -> {
          synchronized (order) {
            order.add(k);
          }
        }));
        if (i % 50 == 0) {
          fs.add(s.persistAsync(hardState(new HardState(1, null, i)))); // nothing-but-hard-state steps too
        }
      }
      CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
    }
    List<Integer> sorted = new ArrayList<>(order);
    sorted.sort(null);
    assertEquals(sorted, order);
    assertEquals(200, order.size());
  }
}
