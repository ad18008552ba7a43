package io.hearth.client;

import java.time.Duration;

/**
 * What a {@link LeaseKeeper} needs of the server: {@code POST /v2/allocs/{id}/keepalive}. {@link
 * AllocsClient} is the real one; tests pass a fake.
 */
@FunctionalInterface
public interface Keepalives {

  /**
   * Renews the alloc's lease for {@code interval} (the server clamps it to 5 minutes). Blocks.
   *
   * @throws ApiException with status 410 once the alloc was reclaimed or freed, any other status or
   *     none for other failures
   */
  Granted keepalive(String allocId, Duration interval);
}
