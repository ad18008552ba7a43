/**
 * A Java client for Hearth's leases API, and a keeper that holds an alloc alive.
 *
 * <p>{@link io.hearth.client.AllocsClient} is one typed method per endpoint ({@code /v2/offers},
 * {@code /v2/allocs}, keepalive, execs, logs, files) over {@code java.net.http}; answers are records
 * ({@link io.hearth.client.Offer}, {@link io.hearth.client.Alloc}, {@link io.hearth.client.Exec},
 * {@link io.hearth.client.Granted}), failures an {@link io.hearth.client.ApiException} with the HTTP
 * status and the server's message. {@code Wire} is the JSON both ways.
 *
 * <p>{@link io.hearth.client.LeaseKeeper} renews one alloc's lease on an injected clock and
 * scheduler by Reflow's rules ({@code RenewalPolicy}: granted − 30 s, at least half the grant;
 * backoff 2 s × 1.5, ±20 %, five tries) and reports a {@link io.hearth.client.LeaseLost} to its
 * listener: gone (410/404), retries exhausted, or expired before a renewal succeeded. It talks to
 * the server only through {@link io.hearth.client.Keepalives}, so its tests run on a manual clock
 * against a fake.
 */
package io.hearth.client;
