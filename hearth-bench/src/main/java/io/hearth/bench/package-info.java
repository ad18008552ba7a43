/**
 * Hearth's benchmarks: a load generator that measures the floors it compares against in the same
 * run, JMH benchmarks of the hot in-memory paths, and the keep-alive simulator that replays
 * invocation traces through the agent's real pool on virtual time.
 */
package io.hearth.bench;
