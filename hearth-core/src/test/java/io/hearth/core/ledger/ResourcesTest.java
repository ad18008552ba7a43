package io.hearth.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  static final long MB = 1024 * 1024;

  @Test
  void aMissingNameIsZeroAndZeroEntriesDoNotCount() {
    Resources gpu = new Resources(0, 0, Map.of(Resources.GPU, 1L));
    assertThat(gpu.amount(Resources.GPU)).isEqualTo(1);
    assertThat(gpu.amount(Resources.DISK)).isZero();
    assertThat(new Resources(5, 6, Map.of(Resources.DISK, 0L))).isEqualTo(new Resources(5, 6));
    assertThat(gpu.minus(gpu)).isEqualTo(Resources.ZERO);
    assertThat(gpu.minus(gpu).isZero()).isTrue();
  }

  @Test
  void plusAndMinusWorkPerResource() {
    Resources a = new Resources(100, 10, Map.of(Resources.DISK, 7L));
    Resources b = new Resources(1, 2, Map.of(Resources.GPU, 1L, Resources.DISK, 3L));
    Resources sum = a.plus(b);
    assertThat(sum).isEqualTo(new Resources(101, 12, Map.of(Resources.DISK, 10L, Resources.GPU, 1L)));
    assertThat(sum.minus(b)).isEqualTo(a);
  }

  @Test
  void negativeAmountsAreBugs() {
    assertThatThrownBy(() -> new Resources(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resources.ZERO.minus(new Resources(0, 0, Map.of(Resources.GPU, 1L))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpu");
    assertThatThrownBy(() -> new Resources(0, 0, Map.of(Resources.MEMORY, 1L)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCapacityWithoutCpuDoesNotAccountCpu() {
    Resources capacity = new Resources(256 * MB, 0);
    assertThat(capacity.fits(new Resources(128 * MB, 99_000), new Resources(128 * MB, 4000))).isTrue();
    assertThat(capacity.fits(new Resources(128 * MB, 0), new Resources(129 * MB, 0))).isFalse();
    assertThat(new Resources(256 * MB, 1000).fits(new Resources(0, 600), new Resources(0, 500))).isFalse();
  }

  @Test
  void aNamedResourceTheNodeLacksFitsOnlyAZeroRequest() {
    Resources capacity = new Resources(256 * MB, 0);
    assertThat(capacity.fits(Resources.ZERO, new Resources(MB, 0, Map.of(Resources.GPU, 1L)))).isFalse();
    assertThat(capacity.missing(Resources.ZERO, new Resources(MB, 0, Map.of(Resources.GPU, 2L))))
        .isEqualTo(new Resources(0, 0, Map.of(Resources.GPU, 2L)));
  }

  @Test
  void missingSaysHowMuchOfEachResourceIsShort() {
    Resources capacity = new Resources(100, 1000, Map.of(Resources.DISK, 50L));
    Resources used = new Resources(80, 900, Map.of(Resources.DISK, 50L));
    Resources request = new Resources(30, 50, Map.of(Resources.DISK, 5L));
    assertThat(capacity.missing(used, request)).isEqualTo(new Resources(10, 0, Map.of(Resources.DISK, 5L)));
    assertThat(capacity.missing(used, request).asShortfalls())
        .containsExactly(new Shortfall(Resources.MEMORY, 10), new Shortfall(Resources.DISK, 5));
  }
}
