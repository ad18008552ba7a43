package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watch loop over a hand-made source: pokes, ended objects, and no looks while nobody watches. */
class StoreWatchTest {
  private final Map<String, String> live = new ConcurrentHashMap<>();
  private final Map<String, String> ended = new ConcurrentHashMap<>();
  private final AtomicInteger looks = new AtomicInteger();
  private final AtomicBoolean watched = new AtomicBoolean(true);
  private final BlockingQueue<String> published = new LinkedBlockingQueue<>();

  private final StoreWatch.Source<String> source = new StoreWatch.Source<>() {
    @Override
    public Map<String, String> live() {
      looks.incrementAndGet();
      return Map.copyOf(live);
    }

    @Override
    public Optional<String> ended(String id) {
      return Optional.ofNullable(ended.get(id));
    }
  };

  @Test
  void aPokeLooksAtOnceAndAnObjectThatLeftIsPublishedAsItEnded() throws Exception {
    live.put("a", "a:active");
    try (StoreWatch<String> w = StoreWatch.start("test", source, published::add, Duration.ofHours(1), watched::get)) {
      live.put("b", "b:active");
      w.poke();
      assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo("b:active");
      live.remove("a");
      ended.put("a", "a:freed");
      w.poke();
      assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo("a:freed");
      assertThat(published).isEmpty();
    }
  }

  @Test
  void whileNobodyWatchesNoLookIsTakenAndWhatChangedMeanwhileIsPublishedOnceSomeoneDoes() throws Exception {
    watched.set(false);
    try (StoreWatch<String> w = StoreWatch.start("test", source, published::add, Duration.ofMillis(20), watched::get)) {
      live.put("a", "a:active");
      w.poke();
      assertThat(published.poll(500, TimeUnit.MILLISECONDS)).isNull();
      assertThat(looks.get()).as("only the first look, the baseline").isEqualTo(1);

      watched.set(true);
      assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo("a:active");
    }
  }
}
