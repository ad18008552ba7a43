package io.hearth.store.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.store.ListQuery;
import io.hearth.store.Page;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Lists: name order by code point, pages of perPage, Fn's cursor, exact name filter. */
public interface PaginationContract extends FunctionContract {

  private static String fnCursor(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads every page; returns the pages' item names. */
  private static <T> List<List<String>> pages(
      Function<ListQuery, Page<T>> list, ListQuery first, Function<T, String> name) {
    List<List<String>> pages = new ArrayList<>();
    ListQuery query = first;
    while (true) {
      Page<T> page = list.apply(query);
      pages.add(page.items().stream().map(name).toList());
      if (page.nextCursor() == null) {
        return pages;
      }
      query = query.next(page);
    }
  }

  @Test
  default void appsComeInPagesWithFnCursors() {
    for (String name : List.of("g", "c", "e", "a", "f", "b", "d")) {
      apps().insert(fx().app(name));
    }

    Page<App> first = apps().list(ListQuery.first(3));
    assertThat(first.items()).extracting(App::name).containsExactly("a", "b", "c");
    assertThat(first.nextCursor()).isEqualTo(fnCursor("c"));
    assertThat(pages(apps()::list, ListQuery.first(3), App::name))
        .containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g"));
  }

  @Test
  default void aFullLastPageHasACursorToAnEmptyPage() {
    for (String name : List.of("a", "b", "c", "d")) {
      apps().insert(fx().app(name));
    }

    assertThat(pages(apps()::list, ListQuery.first(2), App::name))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of());
    Page<App> all = apps().list(ListQuery.first(ListQuery.DEFAULT_PER_PAGE));
    assertThat(all.items()).hasSize(4);
    assertThat(all.nextCursor()).isNull();
  }

  @Test
  default void namesSortByCodePointOnEveryDatabase() {
    List<String> names = List.of("ab", "a_b", "B", "a-b", "a", "Z9", "a0", "A");
    for (String name : names) {
      apps().insert(fx().app(name));
    }

    List<String> expected = names.stream().sorted().toList();
    assertThat(apps().list(ListQuery.first(100)).items()).extracting(App::name)
        .containsExactlyElementsOf(expected);
    assertThat(pages(apps()::list, ListQuery.first(3), App::name).stream()
        .flatMap(List::stream).toList()).containsExactlyElementsOf(expected);
  }

  @Test
  default void nameFilterMatchesExactly() {
    App app = apps().insert(fx().app("app"));
    apps().insert(fx().app("app2"));
    fns().insert(fx().fn(app, "f"));
    fns().insert(fx().fn(app, "f2"));

    assertThat(apps().list(new ListQuery("app", null, 10)).items()).containsExactly(app);
    assertThat(apps().list(new ListQuery("ap", null, 10)).items()).isEmpty();
    assertThat(fns().list(app.id(), new ListQuery("f", null, 10)).items())
        .extracting(Fn::name).containsExactly("f");
  }

  @Test
  default void fnsOfOneAppComeInPages() {
    App app = apps().insert(fx().app("app"));
    App other = apps().insert(fx().app("other"));
    for (String name : List.of("e", "d", "c", "b", "a")) {
      fns().insert(fx().fn(app, name));
    }
    fns().insert(fx().fn(other, "zz"));

    Page<Fn> first = fns().list(app.id(), ListQuery.first(2));
    assertThat(first.nextCursor()).isEqualTo(fnCursor("b"));
    assertThat(pages(q -> fns().list(app.id(), q), ListQuery.first(2), Fn::name))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
    assertThat(fns().list(fx().id(), ListQuery.first(10)).items()).isEmpty();
  }

  @Test
  default void triggersOfAnAppOrOfOneFunction() {
    App app = apps().insert(fx().app("app"));
    Fn f = fns().insert(fx().fn(app, "f"));
    Fn g = fns().insert(fx().fn(app, "g"));
    triggers().insert(fx().trigger(f, "b", "/fb"));
    triggers().insert(fx().trigger(f, "a", "/fa"));
    triggers().insert(fx().trigger(g, "c", "/gc"));
    triggers().insert(fx().trigger(
        fns().insert(fx().fn(apps().insert(fx().app("other")), "f")), "a", "/fa"));

    assertThat(pages(q -> triggers().list(app.id(), null, q), ListQuery.first(2), Trigger::name))
        .containsExactly(List.of("a", "b"), List.of("c"));
    assertThat(triggers().list(app.id(), f.id(), ListQuery.first(10)).items())
        .extracting(Trigger::source).containsExactly("/fa", "/fb");
    assertThat(triggers().list(app.id(), g.id(), new ListQuery("a", null, 10)).items()).isEmpty();
  }

  @Test
  default void sameNamedTriggersOfDifferentFunctionsAreNotSkippedAcrossPages() {
    App app = apps().insert(fx().app("app"));
    List<String> sources = new ArrayList<>();
    for (String fnName : List.of("f1", "f2", "f3")) {
      Fn fn = fns().insert(fx().fn(app, fnName));
      triggers().insert(fx().trigger(fn, "same", "/" + fnName));
      sources.add("/" + fnName);
    }
    triggers().insert(fx().trigger(fns().getByName(app.id(), "f1").orElseThrow(), "other", "/o"));

    List<List<String>> filtered = pages(q -> triggers().list(app.id(), null, q),
        new ListQuery("same", null, 1), Trigger::source);
    assertThat(filtered.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(sources);
    assertThat(pages(q -> triggers().list(app.id(), null, q), ListQuery.first(2), Trigger::name)
        .stream().flatMap(List::stream).toList()).containsExactly("other", "same", "same", "same");
  }
}
