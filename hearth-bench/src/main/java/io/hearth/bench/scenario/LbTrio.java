package io.hearth.bench.scenario;

import io.hearth.bench.cluster.BenchCluster;
import io.hearth.bench.cluster.NodeProcess;
import io.hearth.bench.load.Call;
import io.hearth.bench.load.ClosedLoop;
import io.hearth.bench.load.Endpoint;
import io.hearth.bench.node.HearthApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The three processes of the lb scenario in one cluster: an all-in-one node (the direct side, and
 * the api of the cluster's datastore), a runner and an lb over it, with one warm function of the
 * benchmark image on both sides.
 *
 * @param call the echo call of that function
 */
record LbTrio(NodeProcess direct, NodeProcess runner, NodeProcess lb, Endpoint directAt, Endpoint lbAt, Call call) {

  /** Starts the three in {@code cluster}, makes the function and warms a container on each side. */
  static LbTrio start(BenchContext ctx, BenchCluster cluster) throws Exception {
    NodeProcess direct = cluster.allInOne("direct");
    NodeProcess runner = cluster.runner("runner", 0, Map.of());
    direct.awaitRunning(BenchCluster.START); // the datastore is made before the lb opens it
    String runnerAt = runner.awaitRunning(BenchCluster.START);
    NodeProcess lb = cluster.lb("lb", "ch", List.of(runnerAt));
    lb.awaitRunning(BenchCluster.START);
    HearthApi api = HearthApi.at(direct.port());
    String app = api.createApp("lbhop");
    String fn = api.createFn(app, ctx.fnSpec("lbhop"));
    Call call = Calls.hearth(fn, Calls.echo(ctx.sizes().payloadBytes()));
    LbTrio trio = new LbTrio(direct, runner, lb, Endpoint.loopback(direct.port()), Endpoint.loopback(lb.port()), call);
    OneCall.send(trio.directAt, call); // a warm container on each side before anything is measured
    OneCall.send(trio.lbAt, call);
    return trio;
  }

  /** Unmeasured calls (2 clients) on both sides for {@code jit}: the fresh JVMs compile their paths. */
  void warmUp(BenchContext ctx, Duration jit) throws InterruptedException {
    for (Endpoint side : List.of(directAt, lbAt)) {
      ClosedLoop.run(new ClosedLoop.Spec(2, Duration.ZERO, jit, jit.toSeconds() * 100_000 + 1000,
          ctx.sizes().callTimeout()), i -> side, i -> () -> call);
    }
  }

  /** CPU of the direct node, the lb and the runner so far (ns; -1 unknown). */
  long[] cpuNanos() {
    return new long[] {direct.cpuNanos(), lb.cpuNanos(), runner.cpuNanos()};
  }

  /** CPU per call in microseconds, one decimal; -1 when unknown. */
  static double perCall(long cpuNanos, long calls) {
    return cpuNanos < 0 || calls == 0 ? -1 : Math.round(cpuNanos / 1000.0 / calls * 10) / 10.0;
  }
}
