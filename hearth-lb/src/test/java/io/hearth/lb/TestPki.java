package io.hearth.lb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway certificates for TLS tests, made with the {@code openssl} command (tests are skipped
 * where it is missing): a CA, a runner certificate naming 127.0.0.1 and localhost, an lb client
 * certificate, all signed by that CA, and a second, unrelated CA. EC P-256 keys in PKCS#8 PEM,
 * valid for a day.
 */
final class TestPki {
  final Path dir;
  final Path ca;
  final Path runnerCert;
  final Path runnerKey;
  final Path lbCert;
  final Path lbKey;
  final Path otherCa;
  final Path otherCaKey;

  private TestPki(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.pem");
    this.runnerCert = dir.resolve("runner.pem");
    this.runnerKey = dir.resolve("runner.key");
    this.lbCert = dir.resolve("lb.pem");
    this.lbKey = dir.resolve("lb.key");
    this.otherCa = dir.resolve("other-ca.pem");
    this.otherCaKey = dir.resolve("other-ca.key");
  }

  /** Makes the certificates in {@code dir} (a test's temporary directory). */
  static TestPki make(Path dir) throws IOException, InterruptedException {
    assumeTrue(opensslWorks(), "openssl is needed to make test certificates");
    TestPki p = new TestPki(dir);
    p.caCert("ca", "/CN=hearth-test-ca");
    p.caCert("other-ca", "/CN=someone-else");
    Files.writeString(dir.resolve("runner.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("lb.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
    p.leaf("runner", "/CN=runner", "ca");
    p.leaf("lb", "/CN=lb", "ca");
    return p;
  }

  private void caCert(String name, String subject) throws IOException, InterruptedException {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", name + ".key", "-out", name + ".pem", "-days", "1", "-subj", subject,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  }

  private void leaf(String name, String subject, String ca) throws IOException, InterruptedException {
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key",
        "-out", name + ".csr", "-subj", subject);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
        "-out", name + ".pem", "-days", "1", "-extfile", name + ".ext");
  }

  /** Runs openssl in this PKI's directory; returns its output. */
  String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private static boolean opensslWorks() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
