package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayableBodyTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aReplayGivesWhatWasReadThenTheRest() throws Exception {
    byte[] all = bytes(40_000);
    ReplayableBody body = new ReplayableBody(new ByteArrayInputStream(all), all.length);
    byte[] first = new byte[20_000];
    assertThat(body.readNBytes(first, 0, first.length)).isEqualTo(first.length); // then the first write failed
    assertThat(body.read()).isEqualTo(all[20_000] & 0xFF);
    InputStream replay = body.replay();
    assertThat(replay.readAllBytes()).isEqualTo(all);
  }

  @Test
  void anUntouchedBodyIsReplayedAsItIs() throws Exception {
    InputStream in = new ByteArrayInputStream(bytes(10));
    assertThat(new ReplayableBody(in, -1).replay()).isSameAs(in);
  }

  @Test
  void aBodyReadPastTheLimitCannotBeReplayed() throws Exception {
    byte[] all = bytes(ReplayableBody.LIMIT + 1);
    ReplayableBody body = new ReplayableBody(new ByteArrayInputStream(all), -1);
    assertThat(body.readAllBytes()).isEqualTo(all);
    assertThat(body.replay()).isNull();
  }

  @Test
  void aChunkedBodyUpToTheLimitIsReplayedWhole() throws Exception {
    byte[] all = bytes(ReplayableBody.LIMIT);
    ReplayableBody body = new ReplayableBody(new ByteArrayInputStream(all), -1);
    assertThat(body.readAllBytes()).isEqualTo(all);
    assertThat(body.replay().readAllBytes()).isEqualTo(all);
  }
}
