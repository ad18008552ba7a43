package io.hearth.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.CallResult;
import io.hearth.core.call.Headers;
import io.hearth.core.model.App;
import io.hearth.core.placement.Placer;
import io.hearth.core.placement.PlacerConfig;
import io.hearth.protocol.RunnerTls;
import io.hearth.runner.CallRecording;
import io.hearth.runner.RunnerServer;
import io.hearth.runner.RunnerService;
import io.hearth.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between an lb and a runner over real gRPC on 127.0.0.1, with certificates made for the test:
 * an lb trusting the runner's CA calls it (and with its own certificate, a runner requiring one);
 * an lb without that CA, with another CA, without a client certificate the runner requires, or
 * speaking TLS to a plaintext runner cannot — its call ends in a clean "too busy" within the placer
 * timeout, never a hang. Bad files are refused at start with what is wrong.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunnerTlsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final App APP = new App("A1", "shop", Map.of(), Map.of(), null, null, T, T);
  private static final PlacerConfig FAST = new PlacerConfig(Duration.ofMillis(10), Duration.ofMillis(400),
      Duration.ofMillis(400));

  @TempDir
  static Path tmp;
  static TestPki pki;

  private final FakeAgent agent = new FakeAgent();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void certificates() throws Exception {
    pki = TestPki.make(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    agent.release();
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private static RunnerTls.Pem pem(String setting, Path p) {
    return new RunnerTls.Pem(setting, p);
  }

  private static ServerCredentials runnerTls(boolean requireClientCert) {
    return RunnerTls.server(pem("CERT", pki.runnerCert), pem("KEY", pki.runnerKey),
        requireClientCert ? Optional.of(pem("CA", pki.ca)) : Optional.empty());
  }

  private static ChannelCredentials lbTls(Path ca, boolean withClientCert) {
    return RunnerTls.client(pem("CA", ca), withClientCert ? Optional.of(pem("CLIENT_CERT", pki.lbCert)) : Optional.empty(),
        withClientCert ? Optional.of(pem("CLIENT_KEY", pki.lbKey)) : Optional.empty());
  }

  private String runner(ServerCredentials credentials) throws Exception {
    RunnerServer server = RunnerServer.start("127.0.0.1", 0, new RunnerService("runner-0", agent, CallRecording.NONE),
        credentials);
    closing.add(server);
    return "127.0.0.1:" + server.port();
  }

  private CallResult call(String address, ChannelCredentials credentials, LbRig.Sink sink) {
    return call(address, credentials, sink, FAST);
  }

  /**
   * Issue 14 item 14: with a placer timeout of 30 s, a TLS mismatch is refused within a few status
   * polls, and the message names it.
   */
  @Test
  void aTlsMismatchIsRefusedAtOnceInWordsThatNameIt() throws Exception {
    PlacerConfig patient = new PlacerConfig(Duration.ofMillis(10), Duration.ofSeconds(30), Duration.ofSeconds(30));
    String tlsRunner = runner(runnerTls(false));
    CallResult plain = assertTimeoutPreemptively(Duration.ofSeconds(15),
        () -> call(tlsRunner, RunnerTls.plaintextClient(), new LbRig.Sink(), patient),
        "a plaintext lb in front of a TLS runner is refused well before the placer timeout");
    assertThat(plain).isInstanceOfSatisfying(CallResult.Failed.class, f -> {
      assertThat(f.error()).isEqualTo(CallError.TOO_BUSY);
      assertThat(f.message()).contains("speaks TLS").contains("HEARTH_RUNNER_TLS_CA");
    });
    String plainRunner = runner(RunnerTls.plaintextServer());
    CallResult tls = assertTimeoutPreemptively(Duration.ofSeconds(15),
        () -> call(plainRunner, lbTls(pki.ca, false), new LbRig.Sink(), patient),
        "a TLS lb in front of a plaintext runner is refused well before the placer timeout");
    assertThat(tls).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.message()).contains("TLS"));
    assertThat(agent.calls.get()).isZero();
  }

  private CallResult call(String address, ChannelCredentials credentials, LbRig.Sink sink,
      PlacerConfig placer) {
    RunnerPool pool = RunnerPool.fixed(List.of(address), Duration.ofMillis(100), credentials, Clock.system());
    closing.add(pool);
    byte[] body = "over tls".getBytes();
    CallRequest request = new CallRequest("call-1", APP, LbRig.fn("F1"), new Headers(),
        new ByteArrayInputStream(body), body.length);
    return new LbCaller(pool, Placer.consistentHash(), placer, 0, Clock.system(), Clock.system()::sleep)
        .call(request, sink);
  }

  private void assertRefusedCleanly(String address, ChannelCredentials credentials) {
    LbRig.Sink sink = new LbRig.Sink();
    CallResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> call(address, credentials, sink),
        "the refusal ends the call instead of leaving it hanging");
    assertThat(result).isInstanceOfSatisfying(CallResult.Failed.class,
        f -> assertThat(f.error()).isEqualTo(CallError.TOO_BUSY)); // 503 to the client
    assertThat(sink.status).as("nothing was answered by a runner").isZero();
    assertThat(agent.calls.get()).isZero();
  }

  @Test
  void anLbTrustingTheRunnersCaCallsItOverTls() throws Exception {
    String address = runner(runnerTls(false));
    LbRig.Sink sink = new LbRig.Sink();
    assertThat(call(address, lbTls(pki.ca, false), sink)).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.status).isEqualTo(200);
    assertThat(sink.body.toString()).isEqualTo("over tls");
  }

  @Test
  void withMutualTlsTheLbPresentsItsCertificate() throws Exception {
    String address = runner(runnerTls(true));
    LbRig.Sink sink = new LbRig.Sink();
    assertThat(call(address, lbTls(pki.ca, true), sink)).isInstanceOf(CallResult.Completed.class);
    assertThat(sink.body.toString()).isEqualTo("over tls");
  }

  @Test
  void aRunnerRequiringACertificateRefusesAnLbWithoutOne() throws Exception {
    assertRefusedCleanly(runner(runnerTls(true)), lbTls(pki.ca, false));
  }

  @Test
  void anLbWithAnotherCaCannotCallTheRunner() throws Exception {
    assertRefusedCleanly(runner(runnerTls(false)), lbTls(pki.otherCa, false));
  }

  @Test
  void aPlaintextLbCannotCallATlsRunnerNorATlsLbAPlaintextOne() throws Exception {
    assertRefusedCleanly(runner(runnerTls(false)), RunnerTls.plaintextClient());
    assertRefusedCleanly(runner(RunnerTls.plaintextServer()), lbTls(pki.ca, false));
  }

  @Test
  void aRunnerCertificateMustNameTheAddressTheLbCalls() throws Exception {
    Files.writeString(tmp.resolve("elsewhere.ext"), "subjectAltName=DNS:runner.example\n");
    pki.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
        "elsewhere.key", "-out", "elsewhere.csr", "-subj", "/CN=runner.example");
    pki.openssl("x509", "-req", "-in", "elsewhere.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "elsewhere.pem", "-days", "1", "-extfile", "elsewhere.ext");
    String address = runner(RunnerTls.server(pem("CERT", tmp.resolve("elsewhere.pem")),
        pem("KEY", tmp.resolve("elsewhere.key")), Optional.empty()));
    assertRefusedCleanly(address, lbTls(pki.ca, false));
  }

  @Test
  void badFilesAreRefusedSayingWhichSettingAndWhy() throws Exception {
    assertThatThrownBy(() -> RunnerTls.server(pem("HEARTH_RUNNER_TLS_CERT", tmp.resolve("nope.pem")),
        pem("HEARTH_RUNNER_TLS_KEY", pki.runnerKey), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HEARTH_RUNNER_TLS_CERT (" + tmp.resolve("nope.pem") + "): no such file");
    assertThatThrownBy(() -> RunnerTls.server(pem("HEARTH_RUNNER_TLS_CERT", pki.runnerCert),
        pem("HEARTH_RUNNER_TLS_KEY", pki.lbKey), Optional.empty()))
        .hasMessageContaining("HEARTH_RUNNER_TLS_KEY").hasMessageContaining("not the one of the certificate");
    assertThatThrownBy(() -> RunnerTls.server(pem("HEARTH_RUNNER_TLS_CERT", pki.runnerKey),
        pem("HEARTH_RUNNER_TLS_KEY", pki.runnerKey), Optional.empty()))
        .hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> RunnerTls.client(pem("HEARTH_RUNNER_TLS_CA", tmp), Optional.empty(), Optional.empty()))
        .hasMessageStartingWith("HEARTH_RUNNER_TLS_CA (" + tmp + "): cannot read it");
    pki.openssl("pkey", "-in", "runner.key", "-traditional", "-out", "runner-sec1.key");
    assertThatThrownBy(() -> RunnerTls.server(pem("HEARTH_RUNNER_TLS_CERT", pki.runnerCert),
        pem("HEARTH_RUNNER_TLS_KEY", tmp.resolve("runner-sec1.key")), Optional.empty()))
        .hasMessageContaining("convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt");
  }
}
