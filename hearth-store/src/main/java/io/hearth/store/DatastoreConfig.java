package io.hearth.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the datastore lives and how to connect to it.
 *
 * @param url            a JDBC URL (jdbc:h2:... or jdbc:postgresql:...)
 * @param user           database user, or null when the URL carries it or none is needed
 * @param password       database password, or null
 * @param poolSize       most connections held open at once
 * @param connectTimeout longest wait for a connection before the datastore counts as unavailable
 * @param forceCommits   for embedded H2 on a file: answer a write only once it is forced to disk
 *                       (see {@link Database}); off, a write survives a kill -9 of the node but a
 *                       power cut may lose it. No effect on PostgreSQL or H2 in memory.
 */
public record DatastoreConfig(
    String url, String user, String password, int poolSize, Duration connectTimeout, boolean forceCommits) {

  /** Ten connections serve many virtual threads: each holds one only for a single statement. */
  public static final int DEFAULT_POOL_SIZE = 10;
  /** Long enough for a busy database, short enough that an unreachable one fails in seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** HikariCP refuses anything shorter. */
  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

  /** The H2 setting that makes each commit reach the file before it returns (see {@link #h2File}). */
  static final String H2_DURABLE = "WRITE_DELAY=0";

  private static final String FORMS =
      "use postgres://user:password@host:5432/database, a jdbc:postgresql: or jdbc:h2: URL,"
          + " h2:mem:name, h2:file:/path, or leave it empty for the embedded database";

  public DatastoreConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (poolSize < 1) {
      throw new IllegalArgumentException("datastore pool size must be at least 1, was " + poolSize);
    }
    if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "datastore connect timeout must be at least 250ms, was " + connectTimeout.toMillis() + "ms");
    }
  }

  public DatastoreConfig(String url, String user, String password, int poolSize, Duration connectTimeout) {
    this(url, user, password, poolSize, connectTimeout, true);
  }

  public DatastoreConfig(String url, String user, String password, int poolSize) {
    this(url, user, password, poolSize, DEFAULT_CONNECT_TIMEOUT);
  }

  public DatastoreConfig withPoolSize(int size) {
    return new DatastoreConfig(url, user, password, size, connectTimeout, forceCommits);
  }

  public DatastoreConfig withConnectTimeout(Duration timeout) {
    return new DatastoreConfig(url, user, password, poolSize, timeout, forceCommits);
  }

  /** {@code HEARTH_DB_SYNC}: whether embedded H2 forces each commit to disk before it is answered. */
  public DatastoreConfig withForceCommits(boolean force) {
    return new DatastoreConfig(url, user, password, poolSize, connectTimeout, force);
  }

  /** Whether the database's commits must be forced to disk by Hearth: H2 on a file (or a server), asked for. */
  boolean forcesCommits() {
    return forceCommits && !isPostgres() && !url.startsWith("jdbc:h2:mem:");
  }

  /** The directory of an embedded {@code jdbc:h2:file:} database, whose entry for the file is forced once at open. */
  java.util.Optional<Path> h2FileDirectory() {
    if (!url.startsWith("jdbc:h2:file:")) {
      return java.util.Optional.empty();
    }
    String rest = url.substring("jdbc:h2:file:".length());
    if (rest.startsWith("~")) {
      return java.util.Optional.empty(); // H2's home directory shorthand; not worth resolving here
    }
    int semicolon = rest.indexOf(';');
    Path parent = Path.of(semicolon < 0 ? rest : rest.substring(0, semicolon)).toAbsolutePath().getParent();
    return java.util.Optional.ofNullable(parent);
  }

  /** Whether this is a PostgreSQL database (otherwise H2). */
  boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL with any password parameter hidden, for logs and messages. */
  String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "DatastoreConfig[url=" + safeUrl() + ", user=" + user
        + ", password=" + (password == null ? "null" : "***")
        + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + ", forceCommits=" + forceCommits + "]";
  }

  /**
   * Reads the datastore URL the way Fn's {@code FN_DB_URL} is written.
   *
   * <ul>
   *   <li>null or empty: an H2 database in the file {@code <dataDir>/hearth}
   *   <li>{@code jdbc:...}: used as it is
   *   <li>{@code postgres://user:pass@host:port/db?sslmode=disable} (or {@code postgresql://}):
   *       PostgreSQL; user and password are percent-decoded, query parameters kept
   *   <li>{@code h2:mem:name}, {@code h2:file:/path}: H2 in memory or in a file
   * </ul>
   *
   * @throws IllegalArgumentException for any other form, saying which forms work
   */
  public static DatastoreConfig fromUrl(String url, Path dataDir) {
    String trimmed = url == null ? "" : url.strip();
    if (trimmed.isEmpty()) {
      Objects.requireNonNull(dataDir, "dataDir is needed for the embedded database");
      return h2File(dataDir.resolve("hearth").toAbsolutePath().toString());
    }
    if (trimmed.startsWith("jdbc:")) {
      return defaults(trimmed, null, null);
    }
    if (trimmed.startsWith("h2:mem:") && trimmed.length() > "h2:mem:".length()) {
      // DB_CLOSE_DELAY=-1 keeps the database while the pool replaces its connections.
      return defaults("jdbc:" + trimmed + ";DB_CLOSE_DELAY=-1", null, null);
    }
    if (trimmed.startsWith("h2:file:") && trimmed.length() > "h2:file:".length()) {
      return h2File(trimmed.substring("h2:file:".length()));
    }
    if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
      return postgres(trimmed);
    }
    int colon = trimmed.indexOf(':');
    String scheme = colon < 0 ? trimmed : trimmed.substring(0, colon);
    throw new IllegalArgumentException(
        "Unsupported datastore URL '" + (colon < 0 ? scheme : scheme + ":...") + "': " + FORMS);
  }

  /**
   * An embedded H2 file. {@code WRITE_DELAY=0}: H2 otherwise leaves a commit in memory for up to a
   * second (its MVStore's auto-commit delay) before writing it to the file, so a write answered 2xx
   * would be lost to a kill -9 of the node; with 0 every commit is written to the file before the
   * statement returns (the kernel then holds it: it survives the process). H2 never forces the file
   * to disk at commit; {@link Database} does ({@code forceCommits}), so a write also survives a
   * power cut once answered. Costs per write: see docs/benchmarks/durable-writes.md.
   */
  private static DatastoreConfig h2File(String path) {
    return defaults("jdbc:h2:file:" + path + ";AUTO_SERVER=FALSE;" + H2_DURABLE, null, null);
  }

  private static DatastoreConfig postgres(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Datastore URL is not a valid postgres:// URL (percent-encode special characters in the"
              + " user and password): " + e.getReason(), e);
    }
    String host = uri.getHost();
    String path = uri.getRawPath();
    if (host == null || path == null || path.length() <= 1) {
      throw new IllegalArgumentException(
          "Datastore URL needs a host and a database name, e.g. postgres://user:password@host:5432/database");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
    if (uri.getPort() >= 0) {
      jdbc.append(':').append(uri.getPort());
    }
    jdbc.append(path);
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    return defaults(jdbc.toString(), user, password);
  }

  private static String decode(String s) {
    // URLDecoder would turn '+' into a space; in a URL's user info '+' is itself.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static DatastoreConfig defaults(String url, String user, String password) {
    return new DatastoreConfig(url, user, password, DEFAULT_POOL_SIZE, DEFAULT_CONNECT_TIMEOUT);
  }
}
