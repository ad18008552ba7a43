package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests need the bearer token, and the answers when it is missing or wrong. */
class AuthTest {
  private static final List<String> APPS = List.of("v2", "apps");
  private static final List<String> INVOKE = List.of("invoke", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
  private static final List<String> TRIGGER = List.of("t", "app", "hook");

  @Test
  void withoutATokenNothingIsGuarded() {
    Auth off = Auth.off();
    assertThat(off.check(APPS, null)).isNull();
    assertThat(off.check(INVOKE, null)).isNull();
    assertThat(new Auth("", true).check(APPS, null)).isNull();
  }

  @Test
  void theManagementApiNeedsTheTokenAndTheRestStaysOpen() {
    Auth auth = new Auth("s3cret", false);
    assertThat(auth.check(APPS, null).status()).isEqualTo(401);
    assertThat(auth.check(List.of("v2"), null).status()).isEqualTo(401);
    assertThat(auth.check(APPS, "Bearer s3cret")).isNull();
    assertThat(auth.check(APPS, "bearer s3cret")).isNull();
    assertThat(auth.check(INVOKE, null)).isNull();
    assertThat(auth.check(TRIGGER, null)).isNull();
    assertThat(auth.check(List.of(), null)).isNull();
    assertThat(auth.check(List.of("version"), null)).isNull();
  }

  /** Issue 14 item 9: the metrics name every function; with a token set they need it. */
  @Test
  void metricsNeedTheTokenWhenOneIsSet() {
    Auth auth = new Auth("s3cret", false);
    assertThat(auth.check(List.of("metrics"), null).status()).isEqualTo(401);
    assertThat(auth.check(List.of("metrics"), "Bearer nope").status()).isEqualTo(403);
    assertThat(auth.check(List.of("metrics"), "Bearer s3cret")).isNull();
    assertThat(Auth.off().check(List.of("metrics"), null)).as("no token configured: open").isNull();
  }

  @Test
  void missingOrMalformedIs401AndWrongIs403() {
    Auth auth = new Auth("s3cret", false);
    for (String missing : new String[] {null, "", "Bearer", "Bearer ", "Bearer    ", "Basic czNjcmV0", "s3cret"}) {
      Auth.Refusal r = auth.check(APPS, missing);
      assertThat(r).as(String.valueOf(missing)).isNotNull();
      assertThat(r.status()).as(String.valueOf(missing)).isEqualTo(401);
      assertThat(r.message()).contains("Authorization: Bearer");
    }
    for (String wrong : new String[] {"Bearer s3cre", "Bearer s3cret2", "Bearer S3CRET", "Bearer x"}) {
      Auth.Refusal r = auth.check(APPS, wrong);
      assertThat(r.status()).as(wrong).isEqualTo(403);
      assertThat(r.message()).doesNotContain("s3cret");
    }
  }

  @Test
  void invokeAuthGuardsTheInvokeEndpointsToo() {
    Auth auth = new Auth("s3cret", true);
    assertThat(auth.check(INVOKE, null).status()).isEqualTo(401);
    assertThat(auth.check(TRIGGER, "Bearer nope").status()).isEqualTo(403);
    assertThat(auth.check(TRIGGER, "Bearer s3cret")).isNull();
    assertThat(auth.check(List.of("version"), null)).isNull();
    assertThat(auth.hidesTokenFromFunctions()).isTrue();
    assertThat(new Auth("s3cret", false).hidesTokenFromFunctions()).isFalse();
  }
}
