package dev.raftproof.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps track of the TLC processes we started, so that none outlives us: a JVM shutdown hook destroys whatever is
 * still registered.
 */
final class ChildProcesses {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<java.nio.file.Path> TEMP_DIRS = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  private ChildProcesses() {}

  static void register(Process p) {
    installHook();
    LIVE.add(p);
  }

  static void unregister(Process p) {
    LIVE.remove(p);
  }

  /** A temporary directory to delete at JVM exit if it still exists then (e.g. after Ctrl-C). */
  static void registerTempDir(java.nio.file.Path dir) {
    installHook();
    TEMP_DIRS.add(dir);
  }

  static void unregisterTempDir(java.nio.file.Path dir) {
    TEMP_DIRS.remove(dir);
  }

  /** Destroys the process and its descendants and waits (bounded) for it to be gone. */
  static void destroy(Process p) {
    List<ProcessHandle> kids = new ArrayList<>();
    try {
      p.descendants().forEach(kids::add);
    } catch (RuntimeException ignored) {
      // the process may already be gone
    }
    p.destroyForcibly();
    for (ProcessHandle k : kids) {
      k.destroyForcibly();
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          p.waitFor(10, TimeUnit.SECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    unregister(p);
  }

  private static synchronized void installHook() {
    if (hookInstalled) {
      return;
    }
    Thread hook = new Thread(() -> {
      for (Process p : LIVE) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      for (Process p : LIVE) {
        try {
          p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          break;
        }
      }
      for (java.nio.file.Path d : TEMP_DIRS) {
        TempDirs.deleteQuietly(d);
      }
    }, "raft-tlc-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
    hookInstalled = true;
  }
}
