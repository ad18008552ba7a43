package io.hearth.core.ledger;

import java.util.Objects;

/**
 * Who holds a {@link Grant}. A holder is identified by its kind and id; clients may implement this
 * interface on their own objects (the pool's containers do) to find them again from a grant.
 */
public interface Holder {
  /** What kind of thing holds resources on the node. */
  enum Kind {
    /** A container of the node pool serving function calls. */
    FUNCTION_CONTAINER,
    /** A leased allocation (a client runs its own containers in it). */
    ALLOCATION,
    /** A container running one batch job. */
    JOB_CONTAINER
  }

  Kind kind();

  /** Unique among the holders of its kind on this node. */
  String id();

  /** A plain holder, for clients that keep nothing of their own in it. */
  static Holder of(Kind kind, String id) {
    return new Named(kind, id);
  }

  /** What {@link #of} returns. */
  record Named(Kind kind, String id) implements Holder {
    public Named {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
    }
  }
}
