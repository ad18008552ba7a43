package io.hearth.docker;

/**
 * An Engine API version such as {@code 1.41}, compared numerically (1.9 is older than 1.41).
 *
 * @param major the part before the dot
 * @param minor the part after the dot
 */
record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

  /** Newest API this client is written against; a newer engine is spoken to in this version. */
  static final ApiVersion MAX = new ApiVersion(1, 43);

  static ApiVersion parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no API version");
    }
    String t = text.strip();
    int dot = t.indexOf('.');
    try {
      if (dot < 0) {
        return new ApiVersion(Integer.parseInt(t), 0);
      }
      return new ApiVersion(Integer.parseInt(t.substring(0, dot)), Integer.parseInt(t.substring(dot + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed API version: " + text, e);
    }
  }

  /** The version to speak with an engine that offers {@code server}: the older of the two. */
  static ApiVersion negotiate(ApiVersion server) {
    return server.compareTo(MAX) < 0 ? server : MAX;
  }

  /** The path prefix of every versioned request, e.g. {@code /v1.41}. */
  String pathPrefix() {
    return "/v" + this;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
