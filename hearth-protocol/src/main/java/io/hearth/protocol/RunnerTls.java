package io.hearth.protocol;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS between lbs and runners, from PEM files, with the JDK's own parsers and trust checks (no
 * extra dependency): a runner serves with its certificate and key, and with a CA also requires
 * the lbs to present a certificate that CA signed (mutual TLS); an lb trusts the runners whose
 * certificate its CA signed — the address it calls must be in the certificate (a DNS or IP
 * subject alternative name) — and presents its own when it has one. Everything is read and
 * checked when the node starts, so a missing, unreadable or malformed file, a key that is not the
 * certificate's, or an expired certificate is an {@link IllegalArgumentException} that says which
 * setting, which file and what to do — never a failure at the first call.
 */
public final class RunnerTls {
  private RunnerTls() {}

  /** A PEM file and the setting that named it, for messages. */
  public record Pem(String setting, Path path) {}

  /** A runner without TLS. */
  public static ServerCredentials plaintextServer() {
    return InsecureServerCredentials.create();
  }

  /** An lb calling runners without TLS. */
  public static ChannelCredentials plaintextClient() {
    return InsecureChannelCredentials.create();
  }

  /**
   * A runner's TLS.
   *
   * @param cert     its certificate chain (leaf first)
   * @param key      its private key, unencrypted PKCS#8
   * @param clientCa when present, lbs must present a certificate this CA signed
   */
  public static ServerCredentials server(Pem cert, Pem key, Optional<Pem> clientCa) {
    TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(keyManagerFactory(cert, key)
        .getKeyManagers());
    clientCa.ifPresent(ca -> b.trustManager(trustManagerFactory(ca).getTrustManagers())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE));
    return b.build();
  }

  /**
   * An lb's TLS towards its runners.
   *
   * @param ca   the CA that signed the runners' certificates
   * @param cert with {@code key}: the lb's certificate chain, for runners that require one
   */
  public static ChannelCredentials client(Pem ca, Optional<Pem> cert, Optional<Pem> key) {
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("an lb's client certificate needs both a certificate and its key");
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder()
        .trustManager(trustManagerFactory(ca).getTrustManagers());
    if (cert.isPresent()) {
      b.keyManager(keyManagerFactory(cert.get(), key.get()).getKeyManagers());
    }
    return b.build();
  }

  private static KeyManagerFactory keyManagerFactory(Pem certPem, Pem keyPem) {
    List<X509Certificate> chain = certificates(certPem);
    X509Certificate leaf = chain.getFirst();
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw problem(certPem, "the certificate expired on " + leaf.getNotAfter().toInstant() + ": make a new one");
    } catch (CertificateNotYetValidException e) {
      throw problem(certPem, "the certificate is not valid before " + leaf.getNotBefore().toInstant()
          + " (is this machine's clock right?)");
    }
    PrivateKey key = privateKey(keyPem);
    if (!belongTogether(key, leaf)) {
      throw problem(keyPem, "this key is not the one of the certificate in " + certPem.setting() + " ("
          + certPem.path() + ")");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("hearth", key, new char[0], chain.toArray(Certificate[]::new));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, new char[0]);
      return kmf;
    } catch (GeneralSecurityException | IOException e) {
      throw problem(certPem, "cannot use this certificate and key: " + e.getMessage());
    }
  }

  private static TrustManagerFactory trustManagerFactory(Pem ca) {
    List<X509Certificate> certs = certificates(ca);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf;
    } catch (GeneralSecurityException | IOException e) {
      throw problem(ca, "cannot trust these certificates: " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(Pem pem) {
    byte[] bytes = read(pem);
    try {
      List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes)).stream().map(c -> (X509Certificate) c).toList();
      if (!certs.isEmpty()) {
        return certs;
      }
    } catch (CertificateException e) {
      // said below
    }
    throw problem(pem, "no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
  }

  private static PrivateKey privateKey(Pem pem) {
    String text = new String(read(pem), StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw problem(pem, "the key is encrypted; Hearth needs it unencrypted (openssl pkcs8 -topk8 -nocrypt -in KEY "
          + "-out KEY.pem), readable only by the user running Hearth");
    }
    int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = text.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      String hint = text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
          ? "the key is in the older PKCS#1/SEC1 form; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in KEY "
              + "-out KEY.pem"
          : "no PEM private key in it (expected -----BEGIN PRIVATE KEY-----, unencrypted PKCS#8)";
      throw problem(pem, hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    } catch (IllegalArgumentException e) {
      throw problem(pem, "the private key's base64 is damaged");
    }
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next
      }
    }
    throw problem(pem, "not an RSA, EC or EdDSA private key this JDK can read");
  }

  /** Whether a signature made with the key verifies with the certificate's public key. */
  private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448
    };
    try {
      byte[] probe = "hearth".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // different kinds of key: not a pair
    }
  }

  private static byte[] read(Pem pem) {
    try {
      return Files.readAllBytes(pem.path());
    } catch (NoSuchFileException e) {
      throw problem(pem, "no such file");
    } catch (AccessDeniedException e) {
      throw problem(pem, "not readable by this user (permission denied)");
    } catch (IOException e) {
      throw problem(pem, "cannot read it: " + e.getMessage());
    }
  }

  private static IllegalArgumentException problem(Pem pem, String what) {
    return new IllegalArgumentException(pem.setting() + " (" + pem.path() + "): " + what);
  }
}
