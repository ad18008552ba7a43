package io.hearth.server.api;

import io.hearth.server.http.ApiException;
import io.hearth.server.http.Exchange;
import io.hearth.server.http.Router;
import io.hearth.core.call.Headers;
import java.io.IOException;

/**
 * Any method on {@code /t/{app name}} and {@code /t/{app name}/{source...}}: finds the app by name,
 * its HTTP trigger by source ({@code /t/app} is the source "/"), and runs a call of the trigger's
 * function through {@link InvokeApi#runCall} with Fn's header mapping ({@link TriggerHeaders}).
 * Lookups go through the {@link FnCache}, so warm triggers keep working while the datastore is down.
 */
public final class HttpTriggerApi {
  private final FnCache cache;
  private final InvokeApi invoke;

  public HttpTriggerApi(FnCache cache, InvokeApi invoke) {
    this.cache = cache;
    this.invoke = invoke;
  }

  public void register(Router router) {
    router.on(Router.ANY, "/t/{app}/**", this::call);
  }

  private void call(Exchange ex) throws IOException {
    String appName = ex.segment(1);
    if (!Validation.couldBeName(appName)) {
      throw ApiException.notFound("App not found");
    }
    String appId = cache.appId(appName).orElseThrow(() -> ApiException.notFound("App not found"));
    String fnId = cache.triggerFn(appId, source(ex, appName))
        .orElseThrow(() -> ApiException.notFound("Trigger not found"));
    FnCache.Entry entry = cache.get(fnId).orElseThrow(() -> ApiException.notFound("Trigger not found"));
    Headers headers = TriggerHeaders.request(InvokeApi.clientHeaders(ex.request()), ex.method(),
        ex.request().getHttpURI().asString());
    invoke.runCall(ex, entry, headers, TriggerHeaders::response);
  }

  /**
   * The decoded path after {@code /t/<app name>}, "/" when there is none. A path spelled oddly
   * (doubled slashes before the source) falls back to the router's segments joined by '/'.
   */
  static String source(Exchange ex, String appName) {
    String path = ex.request().getHttpURI().getDecodedPath();
    String prefix = "/t/" + appName;
    if (path != null && path.startsWith(prefix) && (path.length() == prefix.length()
        || path.charAt(prefix.length()) == '/')) {
      String rest = path.substring(prefix.length());
      return rest.isEmpty() ? "/" : rest;
    }
    java.util.List<String> segments = ex.segments();
    return "/" + String.join("/", segments.subList(2, segments.size()));
  }
}
