package io.hearth.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The optional bearer token. When a token is configured, the management API ({@code /v2/...})
 * and {@code /metrics} (it names every function) need {@code Authorization: Bearer <token>}; the
 * invoke endpoints ({@code /invoke/...}, {@code /t/...}) need it too only when {@code invokeAuth}
 * is on. Everything else ({@code /}, {@code /version}) stays open. Immutable; thread-safe.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken
 * depends on neither the content nor the length of what the client sent.
 */
public final class Auth {
  /** What a request lacks: 401 when it carries no bearer token, 403 when the token is wrong. */
  public record Refusal(int status, String message) {}

  private static final String BEARER = "Bearer ";

  private final byte[] tokenDigest;
  private final boolean invokeAuth;

  /**
   * @param token      the token, or null or empty for no authentication at all
   * @param invokeAuth whether the invoke endpoints need the token too
   */
  public Auth(String token, boolean invokeAuth) {
    this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    this.invokeAuth = invokeAuth;
  }

  public static Auth off() {
    return new Auth(null, false);
  }

  /**
   * Whether a request needs the token, judged by the first path segment as the router sees it
   * (decoded, empty segments dropped), so no spelling of a path slips past.
   */
  boolean guards(List<String> segments) {
    if (tokenDigest == null || segments.isEmpty()) {
      return false;
    }
    return switch (segments.getFirst()) {
      case "v2" -> !(segments.size() == 2 && segments.get(1).equals("openapi.json")); // the API's document is open
      case "metrics" -> true; // it names every function
      case "invoke", "t" -> invokeAuth;
      default -> false;
    };
  }

  /** Whether the token must be kept from functions: it is the platform's secret when calls need it. */
  boolean hidesTokenFromFunctions() {
    return tokenDigest != null && invokeAuth;
  }

  /** Null when the request may go on, else why not. */
  Refusal check(List<String> segments, String authorization) {
    if (!guards(segments)) {
      return null;
    }
    if (authorization == null || authorization.length() < BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.substring(BEARER.length()).isBlank()) {
      return new Refusal(401, "Authentication required: send the header 'Authorization: Bearer <token>' "
          + "with the token the server was started with (HEARTH_API_TOKEN)");
    }
    byte[] given = sha256(authorization.substring(BEARER.length()).strip());
    if (!MessageDigest.isEqual(given, tokenDigest)) {
      return new Refusal(403, "Invalid token: the bearer token does not match this server's HEARTH_API_TOKEN");
    }
    return null;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
