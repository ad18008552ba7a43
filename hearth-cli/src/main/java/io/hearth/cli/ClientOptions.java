package io.hearth.cli;

import picocli.CommandLine.Option;

/** Options every command that talks to a server takes. */
final class ClientOptions {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--url", paramLabel = "URL",
      description = "the Hearth server (default: $HEARTH_URL, else $FN_API_URL, else " + DEFAULT_URL + ")")
  String url;

  @Option(names = "--json", description = "print JSON for scripts instead of tables")
  boolean json;
}
