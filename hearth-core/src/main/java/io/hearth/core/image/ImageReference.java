package io.hearth.core.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A container image reference checked against the Docker reference grammar (the distribution
 * project's): {@code [domain/]path[:tag][@digest]}, where the domain is a host name, IPv4 or a
 * bracketed IPv6 address with an optional port, each path component is lower-case letters and
 * digits joined by {@code .}, {@code _}, {@code __} or dashes, the tag is a word character then
 * up to 127 of word characters, dots and dashes, and the name is at most 255 characters. So
 * {@code /etc/passwd}, {@code a/../../b} and {@code -v} are not references, and none can reach the
 * engine's URL paths in a form it would read differently.
 *
 * @param domain the registry as written, or empty when the name has none (Docker Hub)
 * @param path   the repository path, e.g. {@code library/alpine} or {@code fn/hello}
 * @param tag    the tag, or empty
 * @param digest the digest ({@code sha256:...}), or empty
 */
public record ImageReference(String domain, String path, String tag, String digest) {
  /** The registry Docker uses for names without a domain. */
  public static final String DOCKER_HUB = "docker.io";

  private static final int MAX_NAME_CHARS = 255;
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

  public ImageReference {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * Parses {@code image}.
   *
   * @throws IllegalArgumentException saying what is wrong, when it is not a reference
   */
  public static ImageReference parse(String image) {
    if (image == null || image.isEmpty()) {
      throw new IllegalArgumentException("empty image reference");
    }
    String rest = image;
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException("the digest after '@' must be algorithm:hex (e.g. sha256:<64 hex digits>)");
      }
    }
    String tag = "";
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) { // a colon before the last slash belongs to a registry's port
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("the tag after ':' must be letters, digits, '_', '.' or '-' "
            + "(not first), at most 128 characters");
      }
    }
    if (rest.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException("the repository name is longer than " + MAX_NAME_CHARS + " characters");
    }
    String domain = "";
    int first = rest.indexOf('/');
    if (first >= 0) {
      String head = rest.substring(0, first);
      // Docker's rule: the first component is a registry when it has a '.' or ':' or is localhost
      if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")) {
        if (!DOMAIN.matcher(head).matches()) {
          throw new IllegalArgumentException("'" + head + "' is not a registry host[:port]");
        }
        domain = head;
        rest = rest.substring(first + 1);
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("the repository name is missing");
    }
    for (String component : rest.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("'" + component + "' is not a repository name component: use lower-case "
            + "letters and digits, joined by '.', '_', '__' or '-'");
      }
    }
    return new ImageReference(domain, rest, tag, digest);
  }

  /** The registry the engine would pull this image from: its domain, else Docker Hub. */
  public String registry() {
    return domain.isEmpty() ? DOCKER_HUB : domain;
  }
}
