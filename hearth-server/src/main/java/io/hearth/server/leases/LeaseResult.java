package io.hearth.server.leases;

import java.util.Objects;

/** The outcome of a lease operation: its value, or why it was refused (each failure has its HTTP status). */
public sealed interface LeaseResult<T> {

  record Ok<T>(T value) implements LeaseResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Refused, with a message a person can act on; nothing changed. */
  record Failed<T>(Failure failure, String message) implements LeaseResult<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(message, "message");
    }

    /** The same refusal as a result of another type. */
    @SuppressWarnings("unchecked")
    public <U> Failed<U> cast() {
      return (Failed<U>) this;
    }
  }

  /** Why a lease operation was refused. */
  enum Failure {
    /** The request is malformed or asks for something no node here could ever hold: 400. */
    INVALID(400),
    /** No such alloc, exec or file: 404. */
    NOT_FOUND(404),
    /** The offer is taken or changed: 409 {@code offer expired}. */
    OFFER_EXPIRED(409),
    /** The alloc was reclaimed or freed: 410 {@code alloc expired}. */
    GONE(410),
    /** Nothing fits now; the message names the short resource: 503. */
    SHORT(503);

    private final int status;

    Failure(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  static <T> LeaseResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> LeaseResult<T> failed(Failure failure, String message) {
    return new Failed<>(failure, message);
  }
}
