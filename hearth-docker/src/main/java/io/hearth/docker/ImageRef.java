package io.hearth.docker;

/**
 * An image reference split the way {@code POST /images/create} wants it: {@code fromImage} and
 * {@code tag} (a digest reference travels whole in {@code fromImage}).
 *
 * @param repository registry, path and name, e.g. {@code docker.io/library/alpine} or {@code fnproject/hello}
 * @param tag        tag, or empty for a digest reference
 */
record ImageRef(String repository, String tag) {

  static ImageRef parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    for (int i = 0; i < image.length(); i++) {
      char c = image.charAt(i);
      if (c <= ' ' || c == '?' || c == '#' || c == '%' || c == '\\' || c >= 0x7f) {
        throw new IllegalArgumentException("image reference with a character not allowed in one: " + image);
      }
    }
    if (image.contains("@")) {
      return new ImageRef(image, "");
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon > slash) { // a colon before the last slash belongs to a registry host:port
      return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
    }
    return new ImageRef(image, "latest");
  }

  /** Repository with tag, as used to name the image locally. */
  String reference() {
    return tag.isEmpty() ? repository : repository + ":" + tag;
  }
}
