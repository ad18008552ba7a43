package io.hearth.server.http;

import java.util.Arrays;

/**
 * Fn's error bodies are {@code {"message":"..."}} followed by a newline (its server writes them
 * with Go's JSON encoder, which ends each value so); clients that compare bodies byte for byte
 * expect it. Every error answer of the API goes through here. Stateless.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  /** The JSON body of an answer with this status: an error's gets a trailing newline, others stay as they are. */
  public static byte[] terminated(int status, byte[] json) {
    if (status < 400 || (json.length > 0 && json[json.length - 1] == '\n')) {
      return json;
    }
    byte[] out = Arrays.copyOf(json, json.length + 1);
    out[json.length] = '\n';
    return out;
  }
}
