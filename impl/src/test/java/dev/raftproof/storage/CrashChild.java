package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Snapshot;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link KillNineTest}: appends entries (value {@code "v<index>"}) to the storage in args[0] until
 * it is killed, with up to 16 steps in flight, now and then a snapshot; prints {@code ack <index>} once the step that
 * wrote entry {@code index} is durable. Never exits by itself.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[1]));
    DiskStorage s = DiskStorage.open(dir, StorageOptions.DEFAULT.withSegmentBytes(2048 + rnd.nextInt(8192)));
    System.out.println("recovered " + s.lastIndex());
    System.out.flush();
    ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    long last = s.lastIndex();
    for (long step = 0; ; step++) {
      long from = last + 1;
      int n = 1 + rnd.nextInt(4);
      List<Entry> es = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        es.add(Entry.value(1, "v" + (from + i)));
      }
      Snapshot snap = null;
      if (step % 40 == 39 && last > 0) {
        snap = new Snapshot(last, 1, List.of("s1"), ("snap@" + last).getBytes());
      }
      Ready r = new Ready(List.of(), new HardState(1, "s1", from - 1), from, es, null, snap, 1, List.of(), List.of(),
          List.of());
      long lastOfStep = from + n - 1;
      last = lastOfStep;
      CompletableFuture<Void> f = s.persistAsync(r).thenRun(() -> {
        synchronized (System.out) {
          System.out.println("ack " + lastOfStep);
          System.out.flush();
        }
      });
      inFlight.add(f);
      while (inFlight.size() > 16 || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
        inFlight.remove().join();
      }
    }
  }
}
