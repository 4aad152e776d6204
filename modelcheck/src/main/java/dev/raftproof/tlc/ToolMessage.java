package dev.raftproof.tlc;

/**
 * One message of TLC's {@code -tool} output: {@code @!@!@STARTMSG code:severity @!@!@ ... @!@!@ENDMSG code @!@!@}.
 *
 * @param code TLC's message code (see {@link MessageCodes})
 * @param severity 0 info, 1 error, 2 TLC bug, 3 warning, 4 state
 * @param body the text between the markers (nested messages removed), lines joined with '\n', trailing blank
 *     lines removed
 */
public record ToolMessage(int code, int severity, String body) {

  /** First line of the body. */
  public String firstLine() {
    int nl = body.indexOf('\n');
    return nl < 0 ? body : body.substring(0, nl);
  }
}
