package io.hearth.server.http;

import io.hearth.store.TimeCursor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;

/** Checks and echoes of text from requests, shared by every API that validates input. */
public final class InputText {
  private static final int ECHO_CODE_POINTS = 64;
  /** Longer than any cursor a listing issues. */
  private static final int MAX_CURSOR_CHARS = 1024;

  private InputText() {}

  /** 400 when the text holds NUL or half a UTF-16 surrogate pair: no database stores those. */
  public static String storable(String s, String what) {
    if (!wellFormed(s)) {
      throw ApiException.badRequest("Invalid " + what + ": contains NUL or invalid unicode");
    }
    return s;
  }

  /**
   * Echoes at most 64 characters of a rejected value, control characters and lone surrogates
   * replaced, so an error never carries a huge or unprintable field back; null reads as empty.
   */
  public static String shorten(String s) {
    if (s == null) {
      return "";
    }
    String safe = s.codePoints().limit(ECHO_CODE_POINTS)
        .map(c -> c < 0x20 || c == 0x7f || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return s.codePointCount(0, s.length()) > ECHO_CODE_POINTS ? safe + "..." : safe;
  }

  /**
   * 400 unless {@code body} is well-formed UTF-8: overlong forms ({@code C0 AF} for '/'), encoded
   * surrogates, truncated sequences and bytes that never occur are refused, not decoded.
   */
  public static void requireUtf8(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      strictUtf8(in);
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("Invalid JSON: the body is not well-formed UTF-8 (at byte " + in.position() + ")");
    }
  }

  /** Decodes UTF-8, refusing every malformed sequence (the JDK decoder's REPORT mode). */
  static String strictUtf8(ByteBuffer bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(bytes).toString();
  }

  /** Whether the text holds no NUL and no half of a UTF-16 surrogate pair. */
  public static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code cursor} has the form of a {@link TimeCursor} a listing issued, checked before it
   * reaches the store (which would choke on NUL or broken UTF-16 in its id).
   */
  public static boolean isTimeCursor(String cursor) {
    if (cursor.length() > MAX_CURSOR_CHARS) {
      return false;
    }
    try {
      TimeCursor c = TimeCursor.decode(cursor);
      return !c.id().isEmpty() && wellFormed(c.id()) && c.id().indexOf('\uFFFD') < 0;
    } catch (IllegalArgumentException | DateTimeException e) {
      return false;
    }
  }
}
