package io.hearth.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHubTest {
  final EventHub hub = new EventHub(new ObjectMapper());

  @Test
  void everySubscriberGetsEachEventAsJsonInOrder() throws Exception {
    try (EventHub.Subscription a = hub.subscribe(); EventHub.Subscription b = hub.subscribe()) {
      hub.publish("call", Map.of("call_id", "c1"));
      hub.publish("node", Map.of("id", "n1", "status", "up"));
      for (EventHub.Subscription s : new EventHub.Subscription[] {a, b}) {
        assertThat(s.next(Duration.ZERO)).isEqualTo(new EventHub.Event("call", "{\"call_id\":\"c1\"}"));
        assertThat(s.next(Duration.ZERO).type()).isEqualTo("node");
        assertThat(s.next(Duration.ofMillis(1))).as("nothing more").isNull();
      }
    }
  }

  @Test
  void aSubscriberThatFallsBehindIsDroppedWithoutHoldingUpTheOthersOrTheProducer() throws Exception {
    try (EventHub.Subscription slow = hub.subscribe(); EventHub.Subscription quick = hub.subscribe()) {
      for (int i = 0; i < EventHub.BUFFER + 10; i++) {
        hub.publish("call", Map.of("n", i)); // never blocks: the slow one is dropped at its buffer's end
        assertThat(quick.next(Duration.ZERO)).isNotNull();
      }
      assertThatThrownBy(() -> slow.next(Duration.ZERO)).isInstanceOf(EventHub.Ended.class);
      assertThat(hub.stats().subscribers()).isEqualTo(1);
      assertThat(hub.stats().dropped()).isEqualTo(1);
      hub.publish("call", Map.of("n", -1));
      assertThat(quick.next(Duration.ZERO)).isNotNull();
    }
  }

  @Test
  void closingTheHubEndsEveryStreamAndAClosedSubscriptionLeavesTheHub() throws Exception {
    EventHub.Subscription waiting = hub.subscribe();
    EventHub.Subscription gone = hub.subscribe();
    gone.close();
    assertThat(hub.stats().subscribers()).isEqualTo(1);
    Thread closer = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      hub.close();
    });
    assertThatThrownBy(() -> waiting.next(Duration.ofSeconds(10))).isInstanceOf(EventHub.Ended.class); // woken, not timed out
    closer.join();
    assertThatThrownBy(() -> hub.subscribe().next(Duration.ZERO)).isInstanceOf(EventHub.Ended.class);
    assertThat(hub.watched()).isFalse();
  }

  @Test
  void withNobodyListeningPublishingCostsNothing() {
    hub.publish("stats", Map.of("x", 1));
    assertThat(hub.stats().published()).isZero();
  }
}
