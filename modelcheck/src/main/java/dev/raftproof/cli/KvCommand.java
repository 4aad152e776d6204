package dev.raftproof.cli;

import dev.raftproof.server.KvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raft kv}: a client of the key-value cluster. Follows leader redirects; retries only refusals that did
 * nothing (no leader yet, overloaded). Prints the server's JSON answer.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
    description = "Client of a kv-server cluster: put, get, delete, cas, status, members.",
    subcommands = {KvCommand.Put.class, KvCommand.Get.class, KvCommand.Delete.class, KvCommand.Cas.class,
        KvCommand.Status.class, KvCommand.Members.class},
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {"0:done", "1:key not found, or the compare-and-set's expectation did not hold",
        "3:no answer or outcome unknown (timeout, no leader)", "64:usage error or a request the server refused as"
            + " invalid (too large...)"})
@SuppressWarnings("initialization.field.uninitialized")
public final class KvCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", scope = CommandLine.ScopeType.INHERIT, split = ",",
      description = "node URLs (default http://127.0.0.1:8001,8002,8003)")
  List<String> nodes = new ArrayList<>(List.of("http://127.0.0.1:8001", "http://127.0.0.1:8002",
      "http://127.0.0.1:8003"));

  @Option(names = "--timeout", scope = CommandLine.ScopeType.INHERIT,
      description = "seconds to keep trying (default 10)")
  int timeout = 10;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  KvClient client() {
    List<String> urls = new ArrayList<>();
    for (String n : nodes) {
      urls.add(n.startsWith("http") ? n : "http://" + n);
    }
    return new KvClient(urls, Duration.ofSeconds(Math.max(1, timeout)), Duration.ofSeconds(Math.max(1, timeout)));
  }

  /** Prints the answer and maps its HTTP status to an exit code. */
  static int print(PrintWriter out, PrintWriter err, KvClient.Response r) {
    (r.ok() ? out : err).println(r.body().toString());
    out.flush();
    err.flush();
    return switch (r.status()) {
      case 200 -> ExitCodes.PASS;
      case 404, 412 -> ExitCodes.VIOLATION;
      case 400, 405, 409, 413 -> ExitCodes.USAGE;
      default -> ExitCodes.NO_VERDICT;
    };
  }

  @SuppressWarnings("initialization.field.uninitialized")
  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand KvCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    abstract KvClient.Response send(KvClient c) throws IOException, InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
      try {
        return print(spec.commandLine().getOut(), spec.commandLine().getErr(), send(parent.client()));
      } catch (IOException e) {
        spec.commandLine().getErr().println("kv: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return ExitCodes.NO_VERDICT;
      }
    }
  }

  @Command(name = "put", description = "Set KEY to VALUE.")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Put extends Sub {
    @Parameters(index = "0") String key;
    @Parameters(index = "1") String value;

    @Override
    KvClient.Response send(KvClient c) throws IOException, InterruptedException {
      return c.put(key, value);
    }
  }

  @Command(name = "get", description = "Read KEY (linearizable unless --stale).")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Get extends Sub {
    @Parameters(index = "0") String key;
    @Option(names = "--stale", description = "read the first reachable node's state (maybe stale)") boolean stale;

    @Override
    KvClient.Response send(KvClient c) throws IOException, InterruptedException {
      return c.get(key, stale);
    }
  }

  @Command(name = "delete", description = "Delete KEY.")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Delete extends Sub {
    @Parameters(index = "0") String key;

    @Override
    KvClient.Response send(KvClient c) throws IOException, InterruptedException {
      return c.delete(key);
    }
  }

  @Command(name = "cas", description = "Set KEY to NEW if its value is EXPECTED (--absent: if it has none).")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Cas extends Sub {
    @Parameters(index = "0") String key;
    @Parameters(index = "1", arity = "0..1") @Nullable String expected;
    @Parameters(index = "2", arity = "0..1") @Nullable String newValue;
    @Option(names = "--absent", description = "expect the key to be absent: raft kv cas KEY --absent NEW")
    boolean absent;

    @Override
    KvClient.Response send(KvClient c) throws IOException, InterruptedException {
      String e = expected;
      String n = newValue;
      if (absent && n == null && e != null) {
        return c.cas(key, null, e);
      }
      if (absent || e == null || n == null) {
        throw new UserInputException("usage: raft kv cas KEY EXPECTED NEW, or raft kv cas KEY --absent NEW");
      }
      return c.cas(key, e, n);
    }
  }

  @Command(name = "status", description = "Each node's status (role, term, commit/applied index, progress).")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand KvCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      KvClient c = parent.client();
      int code = ExitCodes.PASS;
      for (String n : parent.nodes) {
        String u = n.startsWith("http") ? n : "http://" + n;
        try {
          spec.commandLine().getOut().println(u + " " + c.status(u).body());
        } catch (IOException e) {
          spec.commandLine().getOut().println(u + " unreachable: " + e);
          code = ExitCodes.NO_VERDICT;
        }
      }
      spec.commandLine().getOut().flush();
      return code;
    }
  }

  @Command(name = "members", description = "Membership: members add ID | members remove ID (one server at a time).")
  @SuppressWarnings("initialization.field.uninitialized")
  static final class Members extends Sub {
    @Parameters(index = "0", description = "add or remove") String op;
    @Parameters(index = "1") String id;

    @Override
    KvClient.Response send(KvClient c) throws IOException, InterruptedException {
      return switch (op) {
        case "add" -> c.addMember(id);
        case "remove" -> c.removeMember(id);
        default -> throw new UserInputException("members: expected add or remove, got " + op);
      };
    }
  }
}
