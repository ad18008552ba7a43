package io.hearth.server.leases;

/**
 * Lock stripes by alloc id: the book's decision about one alloc and its store write are made under
 * the alloc's stripe, so the store sees each alloc's changes in the book's order. A stripe is held
 * around the book (its own short lock) and the store only.
 */
final class Stripes {
  /** Enough that unrelated allocs rarely wait for each other's store writes. */
  private static final int COUNT = 64;

  private final Object[] locks = new Object[COUNT];

  Stripes() {
    for (int i = 0; i < COUNT; i++) {
      locks[i] = new Object();
    }
  }

  Object of(String allocId) {
    return locks[Math.floorMod(allocId.hashCode(), COUNT)];
  }
}
