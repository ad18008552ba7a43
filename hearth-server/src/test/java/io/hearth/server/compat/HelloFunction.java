package io.hearth.server.compat;

/**
 * A function for Fn's Java FDK, as its README writes one: a plain class whose method the FDK calls
 * with the body as a string. Built into an image by {@code FnFdkIntegrationTest}; no Hearth code.
 */
public class HelloFunction {
  public String handleRequest(String input) {
    return "Hello, " + input + "!";
  }
}
