package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.core.placement.RunnerView;
import io.hearth.core.ledger.Resources;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunnerViewsTest {
  private static final Resources CAP = new Resources(8L << 30, 8000);

  @Test
  void aRunnerShowsTheLargerOfItsReportedLoadAndTheLbsOwnCallsOnIt() {
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    RunnerView ra = new RunnerView("a", true, 3, CAP, Resources.ZERO);
    RunnerView rb = new RunnerView("b", false, 0, CAP, Resources.ZERO);
    RunnerViews views = RunnerViews.of(List.of(ra, rb), List.of(a, b));
    assertThat(views).hasSize(2);
    assertThat(views.get(0)).isSameAs(ra); // nothing made while the report covers the lb's calls
    a.set(5);
    b.set(1);
    assertThat(views.get(0)).isEqualTo(new RunnerView("a", true, 5, CAP, Resources.ZERO));
    assertThat(views.get(1)).isEqualTo(new RunnerView("b", false, 1, CAP, Resources.ZERO));
    a.set(0);
    assertThat(views.get(0)).isSameAs(ra);
  }

  @Test
  void itCannotBeChangedAndItsCountsMustMatch() {
    RunnerViews views = RunnerViews.of(List.of(RunnerView.of("a")), List.of(new AtomicInteger()));
    assertThatThrownBy(() -> views.add(RunnerView.of("b"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> RunnerViews.of(List.of(RunnerView.of("a")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RunnerViews.empty()).isEmpty();
  }
}
