package io.hearth.client;

/**
 * A leases API request that failed: the server answered an error status with its message, or no
 * answer came at all ({@link #status()} 0: not reachable, timed out, interrupted, or an answer that
 * could not be read).
 *
 * <p>The statuses the leases API gives meaning to: 400 the request can never be met (malformed, or
 * more than any node holds), 404 no such alloc, exec or file, 409 the offer expired (taken or
 * changed meanwhile), 410 the alloc was reclaimed or freed, 503 nothing fits now (the message names
 * the short resource).
 */
public final class ApiException extends RuntimeException {
  /** The status of a failure without an HTTP answer. */
  public static final int NO_ANSWER = 0;

  private final int status;
  private final String serverMessage;

  /**
   * @param status        the HTTP status, or {@link #NO_ANSWER}
   * @param serverMessage the server's message (its JSON {@code message}), or why no answer came
   */
  public ApiException(int status, String serverMessage) {
    this(status, serverMessage, null);
  }

  public ApiException(int status, String serverMessage, Throwable cause) {
    super(status == NO_ANSWER ? serverMessage : serverMessage + " (" + status + ")", cause);
    this.status = status;
    this.serverMessage = serverMessage;
  }

  /** The HTTP status, or {@link #NO_ANSWER} (0) when no answer came. */
  public int status() {
    return status;
  }

  /** The server's message as it sent it (without the status), or why no answer came. */
  public String serverMessage() {
    return serverMessage;
  }

  /** 410: the alloc was reclaimed or freed and can never be kept alive again. */
  public boolean gone() {
    return status == 410;
  }

  /** 404: no such alloc, exec or file. */
  public boolean notFound() {
    return status == 404;
  }

  /** 409: the offer was taken or changed; ask for offers again. */
  public boolean offerExpired() {
    return status == 409;
  }

  /** 503: nothing fits now; it may later. */
  public boolean shortNow() {
    return status == 503;
  }

  /** No HTTP answer came (connection refused, timeout, interrupted, unreadable answer). */
  public boolean noAnswer() {
    return status == NO_ANSWER;
  }
}
