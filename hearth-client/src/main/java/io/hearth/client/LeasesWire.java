package io.hearth.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;

/**
 * The leases API's JSON for callers that carry requests some other way than {@link AllocsClient}'s
 * HTTP (a node's dispatcher calling the node's own allocs handler in-process): the same requests
 * written and answers read as the client does, and the same {@link ApiException} for an error
 * answer. Stateless.
 */
public final class LeasesWire {
  private LeasesWire() {}

  public static byte[] allocRequest(AllocRequest request) {
    return bytes(Wire.allocRequest(request));
  }

  public static byte[] execRequest(ExecRequest request) {
    return bytes(Wire.execRequest(request));
  }

  /** The body of a keepalive for {@code interval} (whole seconds from 1). */
  public static byte[] keepalive(Duration interval) {
    return bytes(Wire.JSON.createObjectNode().put("interval_secs", Math.max(1, interval.toSeconds())));
  }

  public static Offers offers(byte[] answer) {
    return Wire.offers(json(answer));
  }

  public static Alloc alloc(byte[] answer) {
    return Wire.alloc(json(answer));
  }

  public static AllocPage allocPage(byte[] answer) {
    return Wire.allocPage(json(answer));
  }

  public static Exec exec(byte[] answer) {
    return Wire.exec(json(answer));
  }

  public static Granted granted(byte[] answer) {
    return Wire.granted(json(answer));
  }

  /** The error an answer of {@code status} means, with the server's message. */
  public static ApiException failure(int status, byte[] answer) {
    return AllocsClient.failure(status, answer);
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return Wire.JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static JsonNode json(byte[] answer) {
    if (answer.length == 0) {
      return Wire.JSON.createObjectNode();
    }
    try {
      return Wire.JSON.readTree(answer);
    } catch (IOException e) {
      throw Wire.malformed("not JSON (" + e.getMessage() + ")");
    }
  }
}
