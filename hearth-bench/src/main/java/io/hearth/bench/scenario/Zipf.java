package io.hearth.bench.scenario;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. Immutable; the generator is the caller's. */
final class Zipf {
  private final double[] cdf;

  Zipf(int n, double s) {
    cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  int next(RandomGenerator random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
  }
}
