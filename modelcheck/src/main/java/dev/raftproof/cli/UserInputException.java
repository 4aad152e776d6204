package dev.raftproof.cli;

/** A mistake of the user (bad file, bad value): reported in one line, exit code 64, no stack trace. */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }
}
