package io.hearth.bench.jmh;

import io.hearth.core.ledger.Resources;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Resource grants: the one fit function, and a grant taken and given back. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResourcesBench {
  public Resources capacity = new Resources(16L << 30, 2000);
  public Resources used = new Resources(3L << 30, 500);
  public Resources request = new Resources(128L << 20, 100);

  @Benchmark
  public boolean fits() {
    return capacity.fits(used, request);
  }

  @Benchmark
  public Resources grantAndRelease() {
    Resources u = capacity.fits(used, request) ? used.plus(request) : used;
    return u.minus(request);
  }
}
