package dev.raftproof.lin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LinCheckCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new LinCheckCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  static final String VALID = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 1 :type :invoke :f :read}\n"
      + "{:process 0 :type :ok :f :write :value 1}\n{:process 1 :type :ok :f :read :value 1}]\n";
  static final String INVALID = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write "
      + ":value 1}\n{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value 7}]\n";

  static void noStackTrace(Run r) {
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
  }

  @Test
  void validIsZeroInvalidIsOne() throws Exception {
    Path v = file("v.edn", VALID);
    Path i = file("i.edn", INVALID);
    Run a = run("--model", "cas-register", "--init", "0", v.toString());
    assertEquals(0, a.code(), a.out() + a.err());
    assertTrue(a.out().startsWith(v + ": VALID"), a.out());
    Run b = run("--model", "cas-register", "--init", "0", v.toString(), i.toString());
    assertEquals(1, b.code(), b.out() + b.err());
    assertTrue(b.out().contains(i + ": INVALID"), b.out());
    assertTrue(b.out().contains("{:process 1, :type :ok, :f :read, :value 7}: can't read 7 from register 1"),
        b.out());
  }

  @Test
  void modelSpecAsInExpectedTsvAndFormatOption() throws Exception {
    Path log = file("h.txt", "INFO  jepsen.util - 0\t:invoke\t:write\t3\nINFO  jepsen.util - 0\t:ok\t:write\t3\n"
        + "INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\tnil\n");
    Run r = run("--model", "etcd-cas-register(read/write/cas,init=nil)", "--format", "porcupine-etcd",
        log.toString());
    assertEquals(1, r.code(), "etcd model: a read of nil means absent " + r.out() + r.err());
    Run k = run("--model", "cas-register", "--format", "porcupine-etcd", log.toString());
    assertEquals(0, k.code(), "Knossos model: a read of nil is legal anywhere " + k.out() + k.err());
  }

  @Test
  void timeLimitGivesUnknownWithProgress() throws Exception {
    StringBuilder sb = new StringBuilder("[");
    for (int p = 0; p < 24; p++) {
      sb.append("{:process ").append(p).append(" :type :invoke :f :write :value ").append(p).append("}\n");
    }
    for (int p = 0; p < 24; p++) {
      sb.append("{:process ").append(p).append(" :type :ok :f :write :value ").append(p).append("}\n");
    }
    sb.append("{:process 99 :type :invoke :f :read}\n{:process 99 :type :ok :f :read :value 99}]");
    Path hard = file("hard.edn", sb.toString());
    Run r = run("--model", "cas-register", "--time-limit", "0.6", "--progress", "0.1", hard.toString());
    assertEquals(LinCheckCommand.EXIT_UNKNOWN, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("UNKNOWN"), r.out());
    assertTrue(r.out().contains("limit reached"), r.out());
    assertTrue(r.err().contains("still checking"), "a progress line on stderr: " + r.err());
  }

  @Test
  void badInputIs64WithOneClearMessage() throws Exception {
    Path noType = file("notype.edn", "[{:process 0 :type :invoke :f :read}\n{:process 0 :f :read}]");
    Path syntax = file("syntax.edn", "[{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f}]");
    Run a = run("--model", "cas-register", noType.toString());
    assertEquals(64, a.code());
    assertTrue(a.err().contains(noType + ": op #1") && a.err().contains("missing :type"), a.err());
    noStackTrace(a);
    Run b = run("--model", "cas-register", syntax.toString());
    assertEquals(64, b.code());
    assertTrue(b.err().contains(syntax + ": line 2: EDN syntax error"), b.err());
    noStackTrace(b);
    Run c = run("--model", "no-such-model", syntax.toString());
    assertEquals(64, c.code());
    assertTrue(c.err().contains("unknown model 'no-such-model'"), c.err());
    noStackTrace(c);
    Run d = run("--model", "cas-register", dir.resolve("missing.edn").toString());
    assertEquals(64, d.code());
    assertTrue(d.err().contains("missing.edn: no such file"), d.err());
    noStackTrace(d);
    Run e = run("--model", "cas-register", "--init", "{:a", noType.toString());
    assertEquals(64, e.code());
    assertTrue(e.err().contains("bad initial value"), e.err());
    Run f = run("FILE-without-model.edn");
    assertEquals(64, f.code(), "usage error");
  }

  @Test
  void htmlAndEdnOutputs() throws Exception {
    Path i = file("i.log", "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\n"
        + "INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t4\n");
    Path html = dir.resolve("out.html");
    Path edn = dir.resolve("out.edn");
    Run r = run("--model", "cas-register", "--html", html.toString(), "--emit-edn", edn.toString(), i.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains("INVALID"), page);
    assertTrue(page.contains("can&#39;t read 4 from register 1"), page);
    History back = HistoryReader.read(edn, HistoryFormat.EDN);
    assertEquals(4, back.events().size());
    assertEquals(4L, back.events().get(3).value());
  }

  @Test
  void userModelByClassName() throws Exception {
    Path h = file("c.edn", "[{:process 0 :type :invoke :f :incr}{:process 0 :type :ok :f :incr}"
        + "{:process 1 :type :invoke :f :get}{:process 1 :type :ok :f :get :value 11}]");
    Run r = run("--model", CounterModel.class.getName(), "--init", "10", h.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Run s = run("--model", CounterModel.class.getName(), "--init", "0", h.toString());
    assertEquals(1, s.code(), s.out() + s.err());
  }

  /** A model added by a user: just implement {@link Model}. */
  public static final class CounterModel implements Model {
    private final long init;

    public CounterModel(Object init) {
      this.init = (Long) init;
    }

    @Override
    public String name() {
      return "counter(init=" + init + ")";
    }

    @Override
    public Object initialState() {
      return init;
    }

    @Override
    public Object step(Object state, Operation op) {
      long s = (Long) state;
      return switch (op.f()) {
        case "incr" -> s + 1;
        case "get" -> op.value() == null || ((Long) op.value()) == s ? state : ILLEGAL;
        default -> ILLEGAL;
      };
    }
  }
}
