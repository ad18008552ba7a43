package io.hearth.cli;

/** Ends a command with an exit code and a message for the person at the terminal. */
final class CliFailure extends RuntimeException {
  /** The server answered an error. */
  static final int SERVER_ERROR = 1;
  /** Wrong arguments or a bad deploy file. */
  static final int USAGE = 2;
  /** No server answered at the URL. */
  static final int UNREACHABLE = 3;
  /** The server wants a token, or another one. */
  static final int UNAUTHORIZED = 4;

  final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static CliFailure usage(String message) {
    return new CliFailure(USAGE, message);
  }

  static CliFailure server(String message) {
    return new CliFailure(SERVER_ERROR, message);
  }
}
