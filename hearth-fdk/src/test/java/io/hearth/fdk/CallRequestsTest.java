package io.hearth.fdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.fdk.CallRequests.Verdict;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.RequestHead;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallRequestsTest {

  private static RequestHead head(String method, String target, String... fields) {
    HttpHeaders headers = new HttpHeaders();
    for (int i = 0; i < fields.length; i += 2) {
      headers.add(fields[i], fields[i + 1]);
    }
    return new RequestHead(method, target, headers);
  }

  @Test
  void acceptsACallWithIdAndDeadline() {
    Verdict v = CallRequests.check(head("POST", "/call", "fn-call-id", " 01ABC ", "Fn-Deadline", "2030-01-01T00:00:00Z"));
    assertThat(v).isEqualTo(new Verdict.Accepted("01ABC", Instant.parse("2030-01-01T00:00:00Z")));
  }

  @Test
  void rejectsWhatIsNotACall() {
    assertThat(CallRequests.check(head("POST", "/nope"))).isInstanceOf(Verdict.Rejected.class)
        .extracting(r -> ((Verdict.Rejected) r).status()).isEqualTo(404);
    assertThat(CallRequests.check(head("GET", "/call"))).extracting(r -> ((Verdict.Rejected) r).status())
        .isEqualTo(405);
    assertThat(CallRequests.check(head("POST", "/call", "Fn-Deadline", "2030-01-01T00:00:00Z")))
        .isEqualTo(new Verdict.Rejected(400, "Invalid request: the Fn-Call-Id header is missing"));
    assertThat(CallRequests.check(head("POST", "/call", "Fn-Call-Id", "1")))
        .isEqualTo(new Verdict.Rejected(400, "Invalid request: the Fn-Deadline header is missing"));
    assertThat(CallRequests.check(head("POST", "/call", "Fn-Call-Id", "1", "Fn-Deadline", "soon")))
        .extracting(r -> ((Verdict.Rejected) r).status()).isEqualTo(400);
  }

  @Test
  void acceptsAQueryOnTheCallPath() {
    assertThat(CallRequests.check(head("POST", "/call?x=1", "Fn-Call-Id", "1", "Fn-Deadline", "2030-01-01T00:00:00Z")))
        .isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void parsesRfc3339Deadlines() {
    Instant expected = Instant.parse("2030-01-02T03:04:05.678Z");
    assertThat(CallRequests.parseDeadline("2030-01-02T03:04:05.678Z")).isEqualTo(expected);
    assertThat(CallRequests.parseDeadline("2030-01-02T05:04:05.678+02:00")).isEqualTo(expected);
    assertThat(CallRequests.parseDeadline("2030-01-02t03:04:05.678z")).isEqualTo(expected);
    assertThat(CallRequests.parseDeadline("2030-01-02 03:04:05.678Z")).isEqualTo(expected);
    assertThat(CallRequests.parseDeadline("2030-01-02T03:04:05.678123456Z"))
        .isEqualTo(Instant.parse("2030-01-02T03:04:05.678123456Z"));
    assertThat(CallRequests.parseDeadline("2030-01-02T03:04:05")).isNull();
    assertThat(CallRequests.parseDeadline("")).isNull();
  }
}
