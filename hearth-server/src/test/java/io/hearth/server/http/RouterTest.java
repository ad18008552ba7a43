package io.hearth.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Route a = ex -> {};
  private final Route b = ex -> {};
  private final Route any = ex -> {};
  private final Router router = new Router()
      .on("GET", "/v2/apps", a)
      .on("POST", "/v2/apps", b)
      .on(Router.ANY, "/t/{app}/**", any);

  @Test
  void matchesMethodAndPath() {
    assertThat(router.match("GET", List.of("v2", "apps"))).isEqualTo(new Router.Match.Found(a));
    assertThat(router.match("HEAD", List.of("v2", "apps"))).isEqualTo(new Router.Match.Found(a));
    assertThat(router.match("DELETE", List.of("v2", "apps")))
        .isEqualTo(new Router.Match.WrongMethod(List.of("GET", "POST")));
    assertThat(router.match("GET", List.of("v2", "nothing"))).isInstanceOf(Router.Match.NoPath.class);
  }

  @Test
  void anyMethodTakesEveryMethodAndTheRestOfThePath() {
    for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"}) {
      assertThat(router.match(method, List.of("t", "app"))).isEqualTo(new Router.Match.Found(any));
      assertThat(router.match(method, List.of("t", "app", "a", "b"))).isEqualTo(new Router.Match.Found(any));
    }
    assertThat(router.match("GET", List.of("t"))).isInstanceOf(Router.Match.NoPath.class);
  }
}
