package io.hearth.server.http;

/** Handles one matched request; may throw {@link ApiException} for an error answer. */
@FunctionalInterface
public interface Route {
  void handle(Exchange exchange) throws Exception;
}
