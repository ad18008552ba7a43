package io.hearth.server.api;

import io.hearth.core.call.Headers;

/**
 * How a function's successful answer reaches the client: as it is for {@code /invoke}, through
 * the HTTP trigger mapping for {@code /t/} ({@link TriggerHeaders#response}).
 */
@FunctionalInterface
public interface AnswerMapping {
  AnswerMapping AS_IS = Answer::new;
  /** Fn's HTTP trigger mapping; also applied to a trigger's async answer before it is stored. */
  AnswerMapping TRIGGER = TriggerHeaders::response;

  /** The status and headers the client gets, from those the function answered with. */
  Answer map(int status, Headers headers);

  record Answer(int status, Headers headers) {}
}
