package io.hearth.agent;

import static io.hearth.agent.testing.NodeScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.agent.testing.NodeScenario;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallResult;
import io.hearth.core.lease.Alloc;
import io.hearth.core.lease.CreateAnswer;
import io.hearth.core.lease.LeaseBook;
import io.hearth.core.ledger.Resources;
import io.hearth.core.pool.PoolConfig;
import io.hearth.testkit.driver.CallGate;
import io.hearth.testkit.driver.FakeBehavior;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent and a lease book on the node's one ledger, wired as the node wires them: the agent's
 * room maker is the book's reclaim of expired allocs, and the book's allocs get room from {@link
 * Agent#idleContainers}. Fake driver, manual clock.
 */
@Timeout(60)
class AgentRoomTest {
  private static final long MB = 1L << 20;
  @TempDir Path tmp;
  private final AtomicInteger ids = new AtomicInteger();

  /** A node of {@code memoryMb}; calls wait up to 10 s for a container. */
  private static UnaryOperator<AgentConfig> memory(long memoryMb, boolean nonBlocking) {
    return c -> new AgentConfig(c.nodeId(), c.socketRoot(), c.startTimeout(), c.pullTimeout(), c.maxRequestBytes(),
        c.maxResponseBytes(), c.maxHeaderBytes(), c.pidsLimit(), c.nofile(), c.readOnlyRootfs(), c.user(), c.labels(),
        new PoolConfig(new Resources(memoryMb * MB, 0), c.pool().freeze(), Duration.ofSeconds(10), nonBlocking));
  }

  private LeaseBook book(NodeScenario node) {
    LeaseBook book = new LeaseBook(node.ledger(), Duration.ofMinutes(10), () -> "a" + ids.incrementAndGet());
    node.agent().roomMaker((missing, now) -> !book.reclaimFor(missing, now).isEmpty());
    return book;
  }

  private static CreateAnswer create(LeaseBook book, NodeScenario node, long memoryMb, long leaseSecs) {
    return book.create("me", Map.of(), new Resources(memoryMb * MB, 0), Optional.of(Duration.ofSeconds(leaseSecs)),
        node.clock().instant());
  }

  private static Alloc.State state(LeaseBook book, NodeScenario node, CreateAnswer created) {
    return book.get(((CreateAnswer.Created) created).alloc().id(), node.clock().instant()).orElseThrow().state();
  }

  @Test
  void idleContainersAreEvictedForAnAllocButNeverABusyOne() throws Exception {
    CallGate gate = new CallGate();
    try (NodeScenario node = NodeScenario.node(tmp, memory(512, false))) {
      LeaseBook book = book(node);
      node.fn("idle").call();
      String idle = node.agent().containers().getFirst().id();
      CompletableFuture<String> removed = new CompletableFuture<>();
      node.driver().onExit(Map.of(), id -> {
        if (id.equals(idle)) {
          removed.complete(id);
        }
      });
      NodeScenario.Call running = node.fn("busy", FakeBehavior.serving(gate)).admit().run();
      gate.awaitEntered(1, WAIT);

      CreateAnswer refused = create(book, node, 384, 60);
      assertThat(refused).isInstanceOf(CreateAnswer.NoFit.class); // 256 MB free: 128 short
      assertThat(node.agent().idleContainers().makeRoom(new Resources(128 * MB, 0), node.clock().instant())).isTrue();
      assertThat(node.ledger().used()).as("its grant is released at once").isEqualTo(new Resources(128 * MB, 0));
      assertThat(node.agent().containers()).extracting(ContainerView::fnId).containsExactly("fn-busy");
      assertThat(create(book, node, 384, 60)).isInstanceOf(CreateAnswer.Created.class);
      assertThat(removed.get(WAIT.toNanos(), TimeUnit.NANOSECONDS)).as("removed in the background").isEqualTo(idle);
      assertThat(node.status().evictions()).isEqualTo(1);

      assertThat(node.agent().idleContainers().makeRoom(new Resources(128 * MB, 0), node.clock().instant()))
          .as("only a busy container is left").isFalse();
      assertThat(node.agent().containers()).extracting(ContainerView::fnId).containsExactly("fn-busy");
      gate.release();
      assertThat(running.result()).isInstanceOf(CallResult.Completed.class);
    }
  }

  @Test
  void aCallShortOfMemoryGetsTheRoomOfAnExpiredAllocButNotOfAnActiveOne() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp, memory(256, true))) {
      LeaseBook book = book(node);
      CreateAnswer alloc = create(book, node, 200, 10);
      node.fn("a").advance(Duration.ofSeconds(5));
      assertThat(node.admit().failed().error()).as("the alloc's lease runs").isEqualTo(CallError.TOO_BUSY);
      assertThat(state(book, node, alloc)).isEqualTo(Alloc.State.ACTIVE);

      node.advance(Duration.ofSeconds(5)).call(); // expired: reclaimed for the call's container
      assertThat(state(book, node, alloc)).isEqualTo(Alloc.State.RECLAIMED);
      assertThat(node.ledger().used()).isEqualTo(new Resources(128 * MB, 0));
    }
  }

  @Test
  void aWaitingCallGetsItsContainerWhenAnAllocIsFreed() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp, memory(256, false))) {
      LeaseBook book = book(node);
      CreateAnswer alloc = create(book, node, 200, 60);
      NodeScenario.Call waiting = node.fn("a").admit();
      assertThat(waiting.admission()).isInstanceOf(Admission.Queued.class);
      node.expectWaiting(1);
      book.free(((CreateAnswer.Created) alloc).alloc().id(), node.clock().instant());
      node.agent().roomFreed();
      assertThat(waiting.run().result()).isInstanceOf(CallResult.Completed.class);
      assertThat(node.status().coldStarts()).isEqualTo(1);
    }
  }
}
