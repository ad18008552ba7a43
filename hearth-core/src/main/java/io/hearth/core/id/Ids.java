package io.hearth.core.id;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Makes 26-character, time-ordered identifiers in Crockford's base32 (the ULID layout Fn uses):
 * 48 bits of milliseconds since the epoch, then 80 random bits. Identifiers made by one instance
 * sort in the order they were made, also within one millisecond, because the random part then
 * counts up from the last one.
 *
 * <p>Thread-safe without a lock: the last-issued state is one immutable {@link Last} swapped by
 * compare-and-set, so calls on many threads never park on each other (a synchronized {@code next}
 * was contended at 16 concurrent calls); whichever swap wins orders the identifiers, and the
 * base32 text is made after it, outside any critical section. {@code random} must be thread-safe
 * ({@link java.util.Random}, {@link java.security.SecureRandom}); it is asked only when the
 * millisecond moves on, and then maybe once more per lost race.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  /** 80 random bits are kept as a 16-bit high part and a 64-bit low part. */
  private static final int HIGH_MASK = 0xFFFF;

  /** The last identifier issued, as its three parts. */
  record Last(long millis, int high, long low) {
    static final Last NONE = new Last(-1, 0, 0);
  }

  private final InstantSource clock;
  private final RandomGenerator random;
  private final AtomicReference<Last> last = new AtomicReference<>(Last.NONE);

  public Ids(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  public String next() {
    while (true) {
      Last prev = last.get();
      Last made = after(prev, clock.millis(), random);
      if (last.compareAndSet(prev, made)) {
        return encode(made.millis(), made.high(), made.low());
      }
    }
  }

  /**
   * The identifier that follows {@code prev} at {@code now}: a later millisecond starts from random
   * bits; the same one (or an earlier one: the wall clock stepped back) counts up from {@code prev},
   * borrowing the next millisecond when its 80 bits are used up.
   */
  static Last after(Last prev, long now, RandomGenerator random) {
    if (now > prev.millis()) {
      return new Last(now, random.nextInt() & HIGH_MASK, random.nextLong());
    }
    long millis = prev.millis();
    int high = prev.high();
    long low = prev.low() + 1;
    if (low == 0) {
      high = (high + 1) & HIGH_MASK;
      if (high == 0) {
        millis++;
      }
    }
    return new Last(millis, high, low);
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
