package io.hearth.samples;

import io.hearth.fdk.Fdk;
import io.hearth.fdk.FnCall;
import io.hearth.fdk.FnResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The quick-start function: greets whoever the body names.
 *
 * <ul>
 *   <li>empty body: {@code Hello, World!}
 *   <li>a text body {@code Ada}: {@code Hello, Ada!}
 *   <li>a JSON body {@code {"name":"Ada"}}: {@code {"message":"Hello, Ada!"}} as application/json
 * </ul>
 *
 * A body is JSON when its Content-Type says so or it starts with an opening brace. Names are trimmed and
 * cut to {@value #MAX_NAME} characters. Stateless: calls may run on any thread, concurrently.
 */
public final class Hello {
  /** Longest name greeted; a greeting is not the place for a novel. */
  static final int MAX_NAME = 100;
  /** Most body bytes read; the rest is left for the FDK to drain. */
  static final int MAX_BODY = 64 * 1024;

  private Hello() {}

  public static void main(String[] args) {
    Fdk.handle(Hello::handle);
  }

  /** The handler, public so that tests elsewhere can serve Hello in-process with {@code Fdk.serve}. */
  public static void handle(FnCall call, FnResponse response) throws IOException {
    String body = new String(call.body().readNBytes(MAX_BODY), StandardCharsets.UTF_8).strip();
    boolean json = call.contentType().map(t -> t.toLowerCase(java.util.Locale.ROOT).contains("json")).orElse(false)
        || body.startsWith("{");
    String name = json ? Json.stringField(body, "name").orElse("") : body;
    String greeting = "Hello, " + cap(name.strip()) + "!";
    if (json) {
      response.contentType("application/json").send(io.hearth.fdk.Json.message(greeting));
    } else {
      response.contentType("text/plain; charset=utf-8").send(greeting);
    }
  }

  /** The name to greet: "World" when there is none, at most {@link #MAX_NAME} characters otherwise. */
  static String cap(String name) {
    if (name.isEmpty()) {
      return "World";
    }
    if (name.codePointCount(0, name.length()) <= MAX_NAME) {
      return name;
    }
    return name.substring(0, name.offsetByCodePoints(0, MAX_NAME)).strip();
  }
}
