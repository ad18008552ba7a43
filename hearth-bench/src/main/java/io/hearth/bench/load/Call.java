package io.hearth.bench.load;

import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpWire;
import io.hearth.uds.RequestHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One request, encoded once (head and body in one array) so that sending it costs the client a
 * single write: the load generator adds as little as possible to what it measures, and the same
 * for Hearth and for the floor.
 *
 * @param bytes the whole request as it goes on the wire; never modified
 */
public record Call(String target, byte[] bytes) {

  /** A POST with a fixed-length body; Host and Content-Length are set here. */
  public static Call post(String target, Map<String, String> headers, byte[] body) {
    HttpHeaders h = new HttpHeaders();
    h.add("Host", "127.0.0.1");
    headers.forEach(h::add);
    h.add("Content-Length", Integer.toString(body.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
    try {
      HttpWire.writeRequestHead(out, new RequestHead("POST", target, h));
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return new Call(target, out.toByteArray());
  }
}
