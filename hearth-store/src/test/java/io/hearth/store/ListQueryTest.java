package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListQueryTest {

  @Test
  void perPageIsClamped() {
    assertThat(ListQuery.first(0).perPage()).isEqualTo(1);
    assertThat(ListQuery.first(-5).perPage()).isEqualTo(1);
    assertThat(ListQuery.first(1000).perPage()).isEqualTo(100);
    assertThat(ListQuery.first(30).perPage()).isEqualTo(30);
  }

  @Test
  void emptyFilterAndCursorMeanNone() {
    ListQuery query = new ListQuery("", "", 10);
    assertThat(query.nameFilter()).isNull();
    assertThat(query.cursor()).isNull();
    assertThat(query.after()).isNull();
  }

  @Test
  void cursorIsBase64UrlOfTheLastNameAsInFn() {
    assertThat(Cursor.encode("my-app", null)).isEqualTo("bXktYXBw");
    assertThat(new ListQuery(null, "bXktYXBw", 10).after()).isEqualTo(new Cursor("my-app", null));
  }

  @Test
  void cursorWithIdRoundTrips() {
    String cursor = Cursor.encode("ünïcode?>", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assertThat(cursor).doesNotContain("=", "+", "/");
    assertThat(Cursor.decode(cursor)).isEqualTo(new Cursor("ünïcode?>", "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
  }

  @Test
  void aForeignCursorIsRefused() {
    assertThatThrownBy(() -> new ListQuery(null, "not base64!", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid cursor");
  }

  @Test
  void nextNeedsACursor() {
    ListQuery query = new ListQuery("x", null, 5);
    assertThat(query.next(new Page<>(List.of(), "YQ"))).isEqualTo(new ListQuery("x", "YQ", 5));
    assertThatThrownBy(() -> query.next(new Page<>(List.of(), null)))
        .isInstanceOf(IllegalStateException.class);
  }
}
