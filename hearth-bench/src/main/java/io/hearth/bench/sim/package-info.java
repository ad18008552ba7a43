/**
 * The keep-alive simulator: {@link io.hearth.bench.sim.TraceGenerator} makes a synthetic invocation
 * trace shaped like the Azure Functions 2019 trace; {@link io.hearth.bench.sim.Simulator} replays it
 * on virtual time through the real {@code NodePool} and keep-alive/eviction policies, as the agent's
 * shell would, with a fake driver charging each function's cold start; {@link
 * io.hearth.bench.sim.KeepAliveSim} runs every policy on several seeds and node sizes and writes
 * {@code docs/benchmarks/keepalive.md} and {@code .json}.
 *
 * <p>Vocabulary: a <em>cold start</em> is a call that waited for its container to start; <em>wasted</em>
 * memory-time is memory held by containers serving nobody (idle, prewarmed and waiting, or started
 * for a call that was served elsewhere).
 */
package io.hearth.bench.sim;
