package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The collector fed with fake frames on a manual ticker. */
class CallLogTest {
  static final int OUT = 1;
  static final int ERR = 2;
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final byte[] shared = new byte[64]; // reused for every frame, as the follower does

  CallLog log(int limit, int tail, Duration linger) {
    return new CallLog(limit, tail, linger, now::get);
  }

  void frame(CallLog log, int stream, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Arrays.fill(shared, (byte) '#');
    System.arraycopy(b, 0, shared, 3, b.length);
    log.accept(stream, shared, 3, b.length);
    Arrays.fill(shared, (byte) '!'); // the collector must have copied
  }

  void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  @Test
  void eachCallGetsWhatItWroteAndTheRestGoesToTheTail() {
    CallLog log = log(1024, 1024, Duration.ofMillis(50));
    frame(log, OUT, "starting\n");
    CallLog.Capture a = log.begin("a");
    frame(log, OUT, "a1\n");
    frame(log, ERR, "a-err\n");
    frame(log, OUT, "a2\n");
    a.end();
    advanceMillis(100);
    frame(log, OUT, "idle\n");
    CallLog.Capture b = log.begin("b");
    frame(log, OUT, "b1\n");
    b.end();
    assertThat(a.text()).isEqualTo("a1\na-err\na2\n");
    assertThat(a.writtenBytes()).isEqualTo(12);
    assertThat(a.truncatedBytes()).isZero();
    assertThat(b.text()).isEqualTo("b1\n");
    assertThat(b.callId()).isEqualTo("b");
    assertThat(new String(log.tail(), StandardCharsets.UTF_8)).isEqualTo("starting\nidle\n");
    assertThat(log.outsideCallsBytes()).isEqualTo(14);
  }

  @Test
  void outputOverTheLimitIsCountedAndMarked() {
    CallLog log = log(10, 0, Duration.ZERO);
    CallLog.Capture c = log.begin("c");
    frame(log, OUT, "12345678");
    frame(log, OUT, "abcdefgh"); // 2 of these fit
    frame(log, ERR, "zzz");
    c.end();
    assertThat(c.text()).isEqualTo("12345678ab\n... truncated 9 bytes\n");
    assertThat(c.truncatedBytes()).isEqualTo(9);
    assertThat(c.writtenBytes()).isEqualTo(19);

    CallLog.Capture d = log.begin("d"); // a limit that ends at a line end gets no extra newline
    frame(log, OUT, "123456789\n");
    frame(log, OUT, "more\n");
    assertThat(d.text()).isEqualTo("123456789\n... truncated 5 bytes\n");
  }

  @Test
  void aCallThatWritesNothingHasAnEmptyLogAndNoBuffer() {
    CallLog log = log(1 << 20, 0, Duration.ZERO);
    CallLog.Capture c = log.begin("quiet");
    c.end();
    c.end(); // idempotent
    assertThat(c.bytes()).isEmpty();
    assertThat(c.truncatedBytes()).isZero();
  }

  @Test
  void theBufferGrowsPastItsFirstSize() {
    CallLog log = log(20_000, 0, Duration.ZERO);
    CallLog.Capture c = log.begin("big");
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      String line = "line " + i + "\n";
      all.append(line);
      frame(log, OUT, line);
    }
    assertThat(c.text()).isEqualTo(all.toString());
  }

  @Test
  void outputTrailingTheEndStaysWithTheCallForTheLinger() {
    CallLog log = log(1024, 1024, Duration.ofMillis(50));
    CallLog.Capture a = log.begin("a");
    frame(log, OUT, "during\n");
    a.end();
    advanceMillis(10);
    frame(log, OUT, "trailing\n");
    advanceMillis(40); // exactly the linger: still the call's
    frame(log, OUT, "last\n");
    advanceMillis(1);
    frame(log, OUT, "after\n");
    assertThat(a.text()).isEqualTo("during\ntrailing\nlast\n");
    assertThat(new String(log.tail(), StandardCharsets.UTF_8)).isEqualTo("after\n");
  }

  @Test
  void theNextCallEndsTheLinger() {
    CallLog log = log(1024, 1024, Duration.ofSeconds(10));
    CallLog.Capture a = log.begin("a");
    a.end();
    CallLog.Capture b = log.begin("b");
    frame(log, OUT, "b's\n");
    b.end();
    assertThat(a.bytes()).isEmpty();
    assertThat(b.text()).isEqualTo("b's\n");
    // ending a call that is no longer current changes nothing
    a.end();
    frame(log, OUT, "still b's: lingering\n");
    assertThat(b.text()).isEqualTo("b's\nstill b's: lingering\n");
    assertThat(log.tail()).isEmpty();
  }

  @Test
  void beginningWithoutEndingMovesOutputToTheNewCall() {
    CallLog log = log(1024, 0, Duration.ZERO);
    CallLog.Capture a = log.begin("a");
    frame(log, OUT, "a\n");
    CallLog.Capture b = log.begin("b");
    frame(log, OUT, "b\n");
    assertThat(a.text()).isEqualTo("a\n");
    assertThat(b.text()).isEqualTo("b\n");
  }

  @Test
  void theTailKeepsTheLastBytes() {
    CallLog log = log(1024, 8, Duration.ZERO);
    frame(log, OUT, "abc");
    assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo("abc");
    frame(log, OUT, "defgh"); // exactly full
    assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
    frame(log, OUT, "ijk"); // wraps
    assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo("defghijk");
    frame(log, ERR, "0123456789xyz"); // longer than the ring: its end
    assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo("56789xyz");
    assertThat(log.outsideCallsBytes()).isEqualTo(3 + 5 + 3 + 13);
    frame(log, OUT, "!");
    assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo("6789xyz!");
  }

  @Test
  void noTailDropsOutputOutsideCalls() {
    CallLog log = log(1024, 0, Duration.ZERO);
    frame(log, OUT, "lost\n");
    assertThat(log.tail()).isEmpty();
    assertThat(log.outsideCallsBytes()).isEqualTo(5); // counted all the same
  }

  @Test
  void theTailIsMadeAtItsFirstByteAndGrowsToItsBoundKeepingTheLastBytes() {
    CallLog log = log(1024, 4096, Duration.ZERO);
    assertThat(log.tailCapacity()).isZero(); // a container that writes nothing outside calls holds no tail
    StringBuilder all = new StringBuilder();
    java.util.Random random = new java.util.Random(16);
    java.util.Set<Integer> sizes = new java.util.TreeSet<>();
    while (all.length() < 10_000) {
      StringBuilder piece = new StringBuilder();
      int n = 1 + random.nextInt(300);
      for (int i = 0; i < n; i++) {
        piece.append((char) ('a' + (all.length() + i) % 26));
      }
      byte[] b = piece.toString().getBytes(StandardCharsets.US_ASCII);
      log.accept(OUT, b, 0, b.length);
      all.append(piece);
      sizes.add(log.tailCapacity());
      String expected = all.substring(Math.max(0, all.length() - 4096));
      assertThat(new String(log.tail(), StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
    assertThat(sizes).containsExactly(1024, 2048, 4096);
    assertThat(log.outsideCallsBytes()).isEqualTo(all.length());
  }

  @Test
  void aPieceLargerThanTheBoundMakesTheTailWholeAtOnce() {
    CallLog log = log(1024, 4096, Duration.ZERO);
    frame(log, OUT, "start\n");
    byte[] big = new byte[10_000];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = 'y';
    log.accept(ERR, big, 0, big.length);
    assertThat(log.tailCapacity()).isEqualTo(4096);
    byte[] tail = log.tail();
    assertThat(tail).hasSize(4096);
    assertThat(tail[4095]).isEqualTo((byte) 'y');
    assertThat(tail[0]).isEqualTo((byte) 'x');
  }
}
