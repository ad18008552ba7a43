package io.hearth.core.call;

/** Why a call failed, with the status and the message Fn gives for it (COMPAT-FN.md section 2). */
public enum CallError {
  TOO_BUSY(503, "Timed out - server too busy"),
  TOO_BIG(400, "Requested CPU/Memory cannot be allocated"),
  TIMED_OUT(504, "Timed out"),
  INIT_TIMED_OUT(504,
      "Container initialization timed out, please ensure you are using the latest fdk and check the logs"),
  INIT_FAILED(502,
      "Container failed to initialize, please ensure you are using the latest fdk and check the logs"),
  FUNCTION_FAILED(502, "function failed"),
  INVALID_RESPONSE(502, "invalid function response"),
  RECEIVE_FAILED(502, "error receiving function response"),
  RESPONSE_TOO_LARGE(502, "function response body too large"),
  RESPONSE_HEADER_TOO_LARGE(502, "function response header too large"),
  EXITED(502, "container exit code %d"),
  OUT_OF_MEMORY(502, "container out of memory, you may want to raise fn.memory for this function (default: 128MB)"),
  PULL_TIMED_OUT(504, "Image pull timed out"),
  PULL_FAILED(502, "Failed to pull image '%s': %s"),
  REQUEST_TOO_LARGE(413, "Request body too large"),
  CLIENT_GONE(499, "client closed the request"),
  ENGINE_FAILED(503, "the container engine failed: %s");

  private final int status;
  private final String message;

  CallError(int status, String message) {
    this.status = status;
    this.message = message;
  }

  public int status() {
    return status;
  }

  /** The message, with any blanks filled in. */
  public String message(Object... args) {
    return args.length == 0 ? message : String.format(message, args);
  }
}
