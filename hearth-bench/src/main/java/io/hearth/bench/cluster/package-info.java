/**
 * Hearth nodes as processes of their own, for the multi-node scenarios: {@link
 * io.hearth.bench.cluster.NodeProcess} runs {@code hearth server --role ...} on the benchmark's
 * classpath and waits for its "is running on" line; {@link io.hearth.bench.cluster.BenchCluster}
 * starts all-in-one, api, runner and lb nodes on 127.0.0.1 sharing one embedded H2 database in
 * server mode (runners take a fixed list, so they need none), and stops them all at the end.
 */
package io.hearth.bench.cluster;
