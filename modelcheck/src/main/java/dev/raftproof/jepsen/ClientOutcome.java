package dev.raftproof.jepsen;

/**
 * How an HTTP answer becomes a history completion. Only answers that prove the request did nothing are
 * {@code :fail}; anything that may have taken effect is {@code :info} (Knossos then lets it take effect at any
 * time after its invocation, or never).
 */
enum ClientOutcome {
  OK, FAIL, INFO;

  /**
   * The completion for HTTP status {@code status} of op {@code f} (put, get, cas, delete). Definite refusals
   * (server README): 307 not the leader (nothing proposed), 503 no leader / not yet committed in its term /
   * transfer / entry replaced by another leader's (the entry can never commit), 429 too many pending, 400 and 413
   * refused before proposing, 409 (members), 412 cas mismatch (applied, with no effect). 504 and anything else
   * (500, an unexpected code) are unknown.
   */
  static ClientOutcome of(String f, int status) {
    return switch (status) {
      case 200 -> OK;
      case 404 -> f.equals("get") ? OK : INFO;
      case 307, 503, 429, 400, 413, 409, 412 -> FAIL;
      default -> INFO;
    };
  }
}
