package dev.raftproof.tlc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming parser of TLC's {@code -tool} output. Feed it lines; it reports complete messages (innermost first when
 * messages nest, as TLC does for config errors inside a general error) and the lines outside any message (SANY's
 * output, Java stack traces). Not thread-safe: feed it from one thread.
 */
public final class ToolOutputParser {

  /** Receives what the parser finds. */
  public interface Sink {
    void message(ToolMessage m);

    void untaggedLine(String line);
  }

  private static final Pattern MARKER =
      Pattern.compile("@!@!@(?:STARTMSG (\\d+):(\\d+)|ENDMSG (\\d+)) @!@!@");

  private static final class Open {
    final int code;
    final int severity;
    final StringBuilder body = new StringBuilder();

    Open(int code, int severity) {
      this.code = code;
      this.severity = severity;
    }
  }

  private final Sink sink;
  private final Deque<Open> stack = new ArrayDeque<>();

  public ToolOutputParser(Sink sink) {
    this.sink = sink;
  }

  /** Feeds one line (without its line terminator). */
  public void line(String line) {
    Matcher m = MARKER.matcher(line);
    int pos = 0;
    boolean sawMarker = false;
    while (m.find()) {
      sawMarker = true;
      text(line.substring(pos, m.start()), false);
      String start = m.group(1);
      String sev = m.group(2);
      String end = m.group(3);
      if (start != null && sev != null) {
        stack.push(new Open(Integer.parseInt(start), Integer.parseInt(sev)));
      } else if (end != null) {
        close(Integer.parseInt(end));
      }
      pos = m.end();
    }
    String rest = line.substring(pos);
    if (!sawMarker) {
      text(rest, true);
    } else if (!rest.isBlank()) {
      text(rest, true);
    }
  }

  /** Call at end of output: reports messages still open (e.g. TLC was killed mid-message). */
  public void finish() {
    while (!stack.isEmpty()) {
      emit(stack.pop());
    }
  }

  private void text(String s, boolean endOfLine) {
    Open top = stack.peek();
    if (top == null) {
      if (!s.isEmpty() || endOfLine) {
        if (endOfLine) {
          sink.untaggedLine(s);
        } else if (!s.isBlank()) {
          sink.untaggedLine(s);
        }
      }
      return;
    }
    top.body.append(s);
    if (endOfLine) {
      top.body.append('\n');
    }
  }

  private void close(int code) {
    boolean found = false;
    for (Open o : stack) {
      if (o.code == code) {
        found = true;
        break;
      }
    }
    if (!found) {
      return; // stray end marker
    }
    while (!stack.isEmpty()) {
      Open o = stack.pop();
      emit(o);
      if (o.code == code) {
        return;
      }
    }
  }

  private void emit(Open o) {
    String b = o.body.toString();
    int end = b.length();
    while (end > 0 && Character.isWhitespace(b.charAt(end - 1))) {
      end--;
    }
    sink.message(new ToolMessage(o.code, o.severity, b.substring(0, end)));
  }
}
