package io.hearth.store;

/**
 * What a writer waits for after its commit returned, before its answer may go out: nothing where
 * the database makes a commit durable itself (PostgreSQL with {@code synchronous_commit} on, its
 * default; H2 in memory, which has nothing to keep), a force of the file to disk for embedded H2
 * ({@link GroupSync}). {@link Database} calls it after every unit of work that may have written.
 */
interface CommitSync {

  /** Nothing to wait for. */
  CommitSync NONE = new CommitSync() {
    @Override
    public void await() {}

    @Override
    public long forces() {
      return 0;
    }
  };

  /**
   * Returns once every commit that returned before this call is on stable storage.
   *
   * @throws StoreException if that cannot be made so; the write must then not be acknowledged
   */
  void await();

  /** How many forces of the file have run. */
  long forces();
}
