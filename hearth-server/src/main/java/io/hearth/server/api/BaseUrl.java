package io.hearth.server.api;

import io.hearth.server.http.Exchange;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The base of the endpoint URLs put in generated annotations: the configured public URL, else the
 * scheme and Host of the request.
 */
public final class BaseUrl {
  private final String configured;

  /** @param configured the public URL, or null/empty to use each request's own */
  public BaseUrl(String configured) {
    this.configured = configured == null || configured.isBlank() ? null : configured.replaceAll("/+$", "");
  }

  String of(Exchange ex) {
    if (configured != null) {
      return configured;
    }
    String host = ex.request().getHeaders().get(HttpHeader.HOST);
    if (host == null || host.isBlank()) {
      host = ex.request().getHttpURI().getAuthority();
    }
    return ex.request().getHttpURI().getScheme() + "://" + host;
  }
}
