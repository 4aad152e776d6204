package dev.raftproof.storage;

import dev.raftproof.core.Entry;
import dev.raftproof.core.HardState;
import dev.raftproof.core.Ready;
import dev.raftproof.core.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Readies built by hand, and small file helpers. */
final class StorageTestSupport {
  private StorageTestSupport() {}

  static Ready ready(HardState hs, long from, List<Entry> entries) {
    return new Ready(List.of(), hs, from, entries, null, null, 1, List.of(), List.of(), List.of());
  }

  static Ready entries(long from, List<Entry> entries) {
    return new Ready(List.of(), null, from, entries, null, null, 1, List.of(), List.of(), List.of());
  }

  static Ready hardState(HardState hs) {
    return new Ready(List.of(), hs, 1, List.of(), null, null, 1, List.of(), List.of(), List.of());
  }

  static Ready snapshotTaken(Snapshot s) {
    return new Ready(List.of(), null, 1, List.of(), null, s, 1, List.of(), List.of(), List.of());
  }

  static Ready snapshotInstalled(Snapshot s, HardState hs) {
    return new Ready(List.of(), hs, 1, List.of(), s, null, 1, List.of(), List.of(), List.of());
  }

  static List<Entry> values(long term, String... vs) {
    List<Entry> out = new ArrayList<>();
    for (String v : vs) {
      out.add(Entry.value(term, v));
    }
    return out;
  }

  /** Options whose log lines go to {@code lines}. */
  static StorageOptions quiet(List<String> lines) {
    return StorageOptions.DEFAULT.withLog(l -> {
      synchronized (lines) {
        lines.add(l);
      }
    });
  }

  static List<Path> files(Path dir, String glob) throws IOException {
    List<Path> out = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(dir, glob)) {
      ds.forEach(out::add);
    }
    Collections.sort(out);
    return out;
  }
}
