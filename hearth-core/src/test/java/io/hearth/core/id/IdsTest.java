package io.hearth.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdsTest {
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

  @Test
  void idsAre26CrockfordCharacters() {
    String id = new Ids(clock, new Random(1)).next();
    assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(Ids.isWellFormed(id)).isTrue();
  }

  @Test
  void theFirstTenCharactersEncodeTheMillisecond() {
    Ids ids = new Ids(clock, new Random(1));
    String a = ids.next();
    millis.addAndGet(1);
    String b = ids.next();
    assertThat(a.substring(0, 10)).isNotEqualTo(b.substring(0, 10));
    assertThat(decodeTime(a)).isEqualTo(1_700_000_000_000L);
    assertThat(decodeTime(b)).isEqualTo(1_700_000_000_001L);
  }

  @Test
  void idsSortInTheOrderTheyWereMadeAlsoWithinOneMillisecondAndWhenTheClockStepsBack() {
    Ids ids = new Ids(clock, new Random(2));
    List<String> made = new ArrayList<>();
    Random steps = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      made.add(ids.next());
      int step = steps.nextInt(10);
      if (step < 6) {
        millis.addAndGet(0); // same millisecond
      } else if (step < 9) {
        millis.addAndGet(1 + steps.nextInt(5));
      } else {
        millis.addAndGet(-steps.nextInt(3)); // the wall clock stepped back
      }
    }
    List<String> sorted = new ArrayList<>(made);
    sorted.sort(null);
    assertThat(sorted).isEqualTo(made);
    assertThat(new HashSet<>(made)).hasSize(made.size());
  }

  @Test
  void randomPartCarriesIntoTheHighBitsWhenTheLowBitsOverflow() {
    assertThat(Ids.encode(0, 0, -1L).compareTo(Ids.encode(0, 1, 0L))).isNegative();
    assertThat(Ids.encode(0, 0xFFFF, -1L).compareTo(Ids.encode(1, 0, 0L))).isNegative();
  }

  @Test
  void idsMadeOnManyThreadsAtOnceAreUniqueAndEachThreadsSortInItsOrder() throws Exception {
    AtomicLong reads = new AtomicLong();
    // the millisecond moves on every 64 reads of the clock, so threads race across its boundaries too
    Ids ids = new Ids(() -> Instant.ofEpochMilli(1_700_000_000_000L + reads.incrementAndGet() / 64), new Random(5));
    int threads = 8;
    int each = 20_000;
    List<List<String>> made = new ArrayList<>();
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      List<java.util.concurrent.Future<List<String>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(pool.submit(() -> {
          List<String> mine = new ArrayList<>(each);
          start.await();
          for (int i = 0; i < each; i++) {
            mine.add(ids.next());
          }
          return mine;
        }));
      }
      for (var w : work) {
        made.add(w.get());
      }
    }
    HashSet<String> all = new HashSet<>();
    for (List<String> mine : made) {
      List<String> sorted = new ArrayList<>(mine);
      sorted.sort(null);
      assertThat(sorted).isEqualTo(mine);
      all.addAll(mine);
    }
    assertThat(all).hasSize(threads * each);
    // and the next one sorts after every one made before it
    String later = ids.next();
    assertThat(all).allSatisfy(id -> assertThat(id).isLessThan(later));
  }

  @Test
  void usedUpRandomBitsBorrowTheNextMillisecond() {
    Random random = new Random(6);
    assertThat(Ids.after(new Ids.Last(5, 0xFFFF, -1L), 5, random)).isEqualTo(new Ids.Last(6, 0, 0));
    assertThat(Ids.after(new Ids.Last(5, 7, -1L), 5, random)).isEqualTo(new Ids.Last(5, 8, 0));
    assertThat(Ids.after(new Ids.Last(5, 7, 9), 3, random)).isEqualTo(new Ids.Last(5, 7, 10)); // clock stepped back
    assertThat(Ids.after(new Ids.Last(5, 7, 9), 6, random).millis()).isEqualTo(6);
  }

  @Test
  void malformedIdsAreRecognised() {
    assertThat(Ids.isWellFormed(null)).isFalse();
    assertThat(Ids.isWellFormed("")).isFalse();
    assertThat(Ids.isWellFormed("01ARZ3NDEKTSV4RRFFQ69G5FA")).isFalse(); // 25
    assertThat(Ids.isWellFormed("01ARZ3NDEKTSV4RRFFQ69G5FAU")).isFalse(); // U is not in the alphabet
    assertThat(Ids.isWellFormed("81ARZ3NDEKTSV4RRFFQ69G5FAV")).isFalse(); // more than 128 bits
    assertThat(Ids.isWellFormed("01ARZ3NDEKTSV4RRFFQ69G5FAV")).isTrue();
  }

  @Test
  void timeMatchesTheClockInUtc() {
    String id = new Ids(InstantSource.fixed(Instant.parse("2026-11-22T00:00:00Z")), new Random(4)).next();
    assertThat(Instant.ofEpochMilli(decodeTime(id)).atZone(ZoneOffset.UTC).getYear()).isEqualTo(2026);
  }

  private static long decodeTime(String id) {
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    long v = 0;
    for (int i = 0; i < 10; i++) {
      v = v * 32 + alphabet.indexOf(id.charAt(i));
    }
    return v;
  }
}
