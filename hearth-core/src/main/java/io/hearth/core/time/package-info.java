/**
 * Time, injected. Main code reads time only through a {@link io.hearth.core.time.Clock} (wall
 * instant, monotonic nanos, sleep) and runs delayed work only through a
 * {@link io.hearth.core.time.Scheduler}, both handed in by the node's wiring: {@link
 * io.hearth.core.time.SystemClock} and {@link io.hearth.core.time.TimerThread} in production, a
 * manual clock in tests, which advance time instead of sleeping (expiry, keep-alive, queue waits and
 * timeouts then happen exactly when a test says).
 */
package io.hearth.core.time;
