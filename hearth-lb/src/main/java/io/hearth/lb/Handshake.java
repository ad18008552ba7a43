package io.hearth.lb;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a failed status call or attempt was a TLS mismatch or a failed handshake, in words an
 * operator can act on. Such a runner cannot take any call until someone changes a setting, so the
 * lb treats it as unavailable and refuses calls at once rather than retrying until the placer
 * timeout. A plaintext lb cannot tell from gRPC's "network closed" that the runner wanted TLS, so
 * it asks: a TLS handshake with the runner's port, trusting anything, sending nothing after it —
 * a diagnosis only, never a channel for calls.
 */
final class Handshake {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private Handshake() {}

  /** The failure's explanation when it was about TLS; empty for any other failure. */
  static Optional<String> failure(Status status, ChannelCredentials credentials, String runner, String address) {
    boolean lbTls = !(credentials instanceof InsecureChannelCredentials);
    for (Throwable t = status.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException ssl) {
        String why = String.valueOf(ssl.getMessage());
        if (lbTls && why.toLowerCase(java.util.Locale.ROOT).contains("not an ssl/tls record")) {
          return Optional.of("runner " + runner + " at " + address + " does not speak TLS, but this lb calls runners "
              + "with TLS (HEARTH_RUNNER_TLS_CA); give the runner HEARTH_RUNNER_TLS_CERT and _KEY, or the lb no CA");
        }
        return Optional.of("the TLS handshake with runner " + runner + " at " + address + " failed (" + why
            + "); check HEARTH_RUNNER_TLS_CA and the runner's certificate (and the lb's client certificate when "
            + "the runner requires one)");
      }
    }
    if (!lbTls && status.getCode() == Status.Code.UNAVAILABLE && speaksTls(address)) {
      return Optional.of("runner " + runner + " at " + address + " speaks TLS, but this lb calls runners without TLS; "
          + "set HEARTH_RUNNER_TLS_CA to the CA that signed the runner's certificate");
    }
    return Optional.empty();
  }

  /** Whether a TLS handshake with {@code host:port} completes (any certificate accepted). */
  static boolean speaksTls(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    try (Socket plain = new Socket()) {
      int timeout = (int) PROBE_TIMEOUT.toMillis();
      plain.connect(new InetSocketAddress(host, port), timeout);
      plain.setSoTimeout(timeout);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyCertificate()}, null);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.setSoTimeout(timeout);
        tls.startHandshake();
        return true;
      } catch (SSLException e) {
        // a runner requiring a client certificate refuses after its own hello: still TLS
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("certificate") && !m.contains("not an ssl") && !m.contains("unrecognized");
      }
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  /** Accepts every certificate: the probe only asks whether the port speaks TLS at all. */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
