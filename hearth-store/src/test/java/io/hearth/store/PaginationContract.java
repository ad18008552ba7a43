package io.hearth.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.core.model.App;
import io.hearth.core.model.Fn;
import io.hearth.core.model.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Lists: name order by code point, pages of perPage, Fn's cursor, exact name filter. */
interface PaginationContract extends StoreContract {

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
      store().insertApp(fx().app(name));
    }

    Page<App> first = store().listApps(ListQuery.first(3));
    assertThat(first.items()).extracting(App::name).containsExactly("a", "b", "c");
    assertThat(first.nextCursor()).isEqualTo(fnCursor("c"));
    assertThat(pages(store()::listApps, ListQuery.first(3), App::name))
        .containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g"));
  }

  @Test
  default void aFullLastPageHasACursorToAnEmptyPage() {
    for (String name : List.of("a", "b", "c", "d")) {
      store().insertApp(fx().app(name));
    }

    assertThat(pages(store()::listApps, ListQuery.first(2), App::name))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of());
    Page<App> all = store().listApps(ListQuery.first(ListQuery.DEFAULT_PER_PAGE));
    assertThat(all.items()).hasSize(4);
    assertThat(all.nextCursor()).isNull();
  }

  @Test
  default void namesSortByCodePointOnEveryDatabase() {
    List<String> names = List.of("ab", "a_b", "B", "a-b", "a", "Z9", "a0", "A");
    for (String name : names) {
      store().insertApp(fx().app(name));
    }

    List<String> expected = names.stream().sorted().toList();
    assertThat(store().listApps(ListQuery.first(100)).items()).extracting(App::name)
        .containsExactlyElementsOf(expected);
    assertThat(pages(store()::listApps, ListQuery.first(3), App::name).stream()
        .flatMap(List::stream).toList()).containsExactlyElementsOf(expected);
  }

  @Test
  default void nameFilterMatchesExactly() {
    App app = store().insertApp(fx().app("app"));
    store().insertApp(fx().app("app2"));
    store().insertFn(fx().fn(app, "f"));
    store().insertFn(fx().fn(app, "f2"));

    assertThat(store().listApps(new ListQuery("app", null, 10)).items()).containsExactly(app);
    assertThat(store().listApps(new ListQuery("ap", null, 10)).items()).isEmpty();
    assertThat(store().listFns(app.id(), new ListQuery("f", null, 10)).items())
        .extracting(Fn::name).containsExactly("f");
  }

  @Test
  default void fnsOfOneAppComeInPages() {
    App app = store().insertApp(fx().app("app"));
    App other = store().insertApp(fx().app("other"));
    for (String name : List.of("e", "d", "c", "b", "a")) {
      store().insertFn(fx().fn(app, name));
    }
    store().insertFn(fx().fn(other, "zz"));

    Page<Fn> first = store().listFns(app.id(), ListQuery.first(2));
    assertThat(first.nextCursor()).isEqualTo(fnCursor("b"));
    assertThat(pages(q -> store().listFns(app.id(), q), ListQuery.first(2), Fn::name))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
    assertThat(store().listFns(fx().id(), ListQuery.first(10)).items()).isEmpty();
  }

  @Test
  default void triggersOfAnAppOrOfOneFunction() {
    App app = store().insertApp(fx().app("app"));
    Fn f = store().insertFn(fx().fn(app, "f"));
    Fn g = store().insertFn(fx().fn(app, "g"));
    store().insertTrigger(fx().trigger(f, "b", "/fb"));
    store().insertTrigger(fx().trigger(f, "a", "/fa"));
    store().insertTrigger(fx().trigger(g, "c", "/gc"));
    store().insertTrigger(fx().trigger(
        store().insertFn(fx().fn(store().insertApp(fx().app("other")), "f")), "a", "/fa"));

    assertThat(pages(q -> store().listTriggers(app.id(), null, q), ListQuery.first(2), Trigger::name))
        .containsExactly(List.of("a", "b"), List.of("c"));
    assertThat(store().listTriggers(app.id(), f.id(), ListQuery.first(10)).items())
        .extracting(Trigger::source).containsExactly("/fa", "/fb");
    assertThat(store().listTriggers(app.id(), g.id(), new ListQuery("a", null, 10)).items()).isEmpty();
  }

  @Test
  default void sameNamedTriggersOfDifferentFunctionsAreNotSkippedAcrossPages() {
    App app = store().insertApp(fx().app("app"));
    List<String> sources = new ArrayList<>();
    for (String fnName : List.of("f1", "f2", "f3")) {
      Fn fn = store().insertFn(fx().fn(app, fnName));
      store().insertTrigger(fx().trigger(fn, "same", "/" + fnName));
      sources.add("/" + fnName);
    }
    store().insertTrigger(fx().trigger(store().getFnByName(app.id(), "f1").orElseThrow(), "other", "/o"));

    List<List<String>> filtered = pages(q -> store().listTriggers(app.id(), null, q),
        new ListQuery("same", null, 1), Trigger::source);
    assertThat(filtered.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(sources);
    assertThat(pages(q -> store().listTriggers(app.id(), null, q), ListQuery.first(2), Trigger::name)
        .stream().flatMap(List::stream).toList()).containsExactly("other", "same", "same", "same");
  }
}
