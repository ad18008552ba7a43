/**
 * The runner registry ({@link io.hearth.store.runners.RunnerStore}; table {@code runners},
 * migration V3): runners heartbeat their address and draining flag; the first heartbeat gives a
 * runner the next seq, kept across its restarts, so lbs hash over the order runners joined.
 */
package io.hearth.store.runners;
