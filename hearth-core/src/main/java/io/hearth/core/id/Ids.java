package io.hearth.core.id;

import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * Makes 26-character, time-ordered identifiers in Crockford's base32 (the ULID layout Fn uses):
 * 48 bits of milliseconds since the epoch, then 80 random bits. Identifiers made by one instance
 * sort in the order they were made, also within one millisecond, because the random part then
 * counts up from the last one.
 *
 * <p>Thread-safe: {@link #next()} is synchronized around the last-issued state.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  /** 80 random bits are kept as a 16-bit high part and a 64-bit low part. */
  private static final int HIGH_MASK = 0xFFFF;

  private final InstantSource clock;
  private final RandomGenerator random;
  private long lastMillis = -1;
  private int lastHigh;
  private long lastLow;

  public Ids(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  public synchronized String next() {
    long millis = Math.max(clock.millis(), lastMillis);
    if (millis == lastMillis) {
      lastLow++;
      if (lastLow == 0) {
        lastHigh = (lastHigh + 1) & HIGH_MASK;
        if (lastHigh == 0) {
          millis++; // 80 bits used up within one millisecond: borrow the next one
        }
      }
    } else {
      lastHigh = random.nextInt() & HIGH_MASK;
      lastLow = random.nextLong();
    }
    lastMillis = millis;
    return encode(millis, lastHigh, lastLow);
  }

  /** Whether {@code s} has the form of an identifier made here (26 base32 characters). */
  public static boolean isWellFormed(String s) {
    if (s == null || s.length() != 26 || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  static String encode(long millis, int high, long low) {
    char[] out = new char[26];
    // 128 bits = 2 leading zero bits + 48 time + 16 high + 64 low, read 5 bits at a time from the end.
    long lo = low;
    long hi = ((millis & 0xFFFF_FFFF_FFFFL) << 16) | (high & HIGH_MASK);
    for (int i = 25; i >= 0; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo = (lo >>> 5) | ((hi & 31) << 59);
      hi >>>= 5;
    }
    return new String(out);
  }

  private static int indexOf(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
