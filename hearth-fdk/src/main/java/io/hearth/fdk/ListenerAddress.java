package io.hearth.fdk;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads where to listen from the environment the agent gives a function. Pure: takes the
 * environment as a map.
 */
final class ListenerAddress {
  static final String PREFIX = "unix:";

  /** The outcome of reading {@code FN_LISTENER} and {@code FN_FORMAT}. */
  sealed interface Parsed {
    record Ok(Path listener) implements Parsed {}

    record Invalid(String message) implements Parsed {}
  }

  private ListenerAddress() {}

  static Parsed parse(Map<String, String> env) {
    String format = env.get("FN_FORMAT");
    if (format != null && !format.isEmpty() && !format.equals("http-stream")) {
      return new Parsed.Invalid("FN_FORMAT is '" + format + "', but this FDK speaks only 'http-stream'; "
          + "set the function's format to http-stream");
    }
    String listener = env.get("FN_LISTENER");
    if (listener == null || listener.isBlank()) {
      return new Parsed.Invalid("FN_LISTENER is not set. This program is a function: run it with Hearth or Fn, "
          + "or set FN_LISTENER=unix:/path/to/lsnr.sock to try it by hand");
    }
    if (!listener.startsWith(PREFIX)) {
      return new Parsed.Invalid("FN_LISTENER is '" + listener + "'; expected unix:<absolute path>, "
          + "e.g. unix:/tmp/iofs/lsnr.sock");
    }
    Path path;
    try {
      path = Path.of(listener.substring(PREFIX.length()));
    } catch (InvalidPathException e) {
      return new Parsed.Invalid("FN_LISTENER holds an invalid path: " + e.getMessage());
    }
    if (!path.isAbsolute() || path.getParent() == null || path.getFileName() == null) {
      return new Parsed.Invalid("FN_LISTENER is '" + listener + "'; the socket path must be absolute, "
          + "e.g. unix:/tmp/iofs/lsnr.sock");
    }
    return new Parsed.Ok(path.normalize());
  }
}
