package io.hearth.server.jobs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearth.client.Offer;
import io.hearth.client.Offers;
import io.hearth.core.job.dispatch.InstanceType;
import io.hearth.core.job.dispatch.NodeOffer;
import io.hearth.core.ledger.Resources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerClassesTest {
  static final InstanceType SMALL = new InstanceType("small", 2, 256L << 20, 1L << 30, 0, new BigDecimal("0.1"), false);
  static final Resources CAP = new Resources(512L << 20, 2000, Map.of(Resources.DISK, 1L << 30));
  static final Resources HALF = new Resources(256L << 20, 1000, Map.of(Resources.DISK, 1L << 29));

  @Test
  void aDeclaredRunnerIsOfItsTypeAndAnUndeclaredOneIsAClassOfItsOwnCapacity() {
    RunnerClasses classes = new RunnerClasses(List.of(SMALL));
    JobNodes.Look look = classes.look(new Offers(List.of(
        new Offer("r1.1", "r1", HALF, CAP, Optional.of("small")),
        new Offer("r2.1", "r2", CAP, CAP)), List.of()));
    assertThat(look.offers()).extracting(NodeOffer::nodeId, NodeOffer::instanceType, NodeOffer::free)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "small", HALF),
            org.assertj.core.groups.Tuple.tuple("r2", "runner.r2", CAP));
    assertThat(look.complete()).isTrue();
    assertThat(look.classes()).hasValueSatisfying(c -> {
      assertThat(c.implicit()).isFalse();
      assertThat(c.named("small")).hasValue(SMALL);
      assertThat(c.named("runner.r2")).hasValueSatisfying(t -> {
        assertThat(t.vcpus()).isEqualTo(2);
        assertThat(t.ramBytes()).isEqualTo(512L << 20);
        assertThat(t.scratchBytes()).isEqualTo(1L << 30);
        assertThat(t.price()).isEqualByComparingTo(BigDecimal.ZERO);
      });
    });
  }

  @Test
  void aFullRunnerIsRememberedWithNothingFreeAndOneOfAnUnknownTypeIsLeftOut() {
    RunnerClasses classes = new RunnerClasses(List.of(SMALL));
    classes.look(new Offers(List.of(new Offer("r1.1", "r1", HALF, CAP, Optional.of("small"))), List.of()));
    JobNodes.Look later = classes.look(new Offers(List.of(new Offer("r3.1", "r3", CAP, CAP, Optional.of("huge"))),
        List.of("r4")));
    assertThat(later.offers()).extracting(NodeOffer::nodeId, NodeOffer::free)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", Resources.ZERO));
    assertThat(later.complete()).as("a runner did not answer").isFalse();
    assertThat(later.classes()).hasValueSatisfying(c -> assertThat(c.types()).containsExactly(SMALL));
  }

  @Test
  void anUndeclaredRunnersClassNameIsAValidTypeName() {
    assertThat(RunnerClasses.implicitName("host/1 a")).isEqualTo("runner.host_1_a");
  }
}
