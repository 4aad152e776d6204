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
  private static volatile boolean hookInstalled;

  private ChildProcesses() {}

  static void register(Process p) {
    installHook();
    LIVE.add(p);
  }

  static void unregister(Process p) {
    LIVE.remove(p);
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
    }, "raft-tlc-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
    hookInstalled = true;
  }
}
