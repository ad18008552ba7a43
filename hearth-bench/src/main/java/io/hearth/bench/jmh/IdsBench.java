package io.hearth.bench.jmh;

import io.hearth.core.id.Ids;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Call id generation (one per call), as the server wires it: the system clock and SecureRandom. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdsBench {
  public Ids ids = new Ids(InstantSource.system(), new SecureRandom());

  @Benchmark
  public String next() {
    return ids.next();
  }
}
