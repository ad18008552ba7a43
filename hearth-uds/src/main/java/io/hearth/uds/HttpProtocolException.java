package io.hearth.uds;

import java.io.IOException;

/** The peer sent something that is not HTTP/1.1 as this codec accepts it. */
public class HttpProtocolException extends IOException {

  public HttpProtocolException(String message) {
    super(message);
  }

  /** The message head (start line and header fields) is larger than allowed. */
  public static final class HeadTooLarge extends HttpProtocolException {
    public HeadTooLarge(int limit) {
      super("message head larger than " + limit + " bytes");
    }
  }
}
