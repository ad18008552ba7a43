package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketRulesTest {
  @TempDir Path dir;
  private final List<ServerSocketChannel> open = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (ServerSocketChannel c : open) {
      c.close();
    }
  }

  private Path bind(Path path) throws IOException {
    ServerSocketChannel c = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    c.bind(UnixDomainSocketAddress.of(path));
    open.add(c);
    return path;
  }

  @Test
  void nothingYet() {
    assertThat(SocketRules.check(dir)).isInstanceOf(SocketRules.Check.NotYet.class);
  }

  @Test
  void relativeSymlinkToASocketInTheDirectoryIsReady() throws IOException {
    Path socket = bind(dir.resolve("fn-1234.sock"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("fn-1234.sock"));
    assertThat(SocketRules.check(dir)).isEqualTo(new SocketRules.Check.Ready(socket));
  }

  @Test
  void aPlainSocketNamedLikeTheListenerIsReady() throws IOException {
    Path socket = bind(dir.resolve("lsnr.sock"));
    assertThat(SocketRules.check(dir)).isEqualTo(new SocketRules.Check.Ready(socket));
  }

  @Test
  void absoluteSymlinkIsRefusedEvenWhenItPointsInside() throws IOException {
    Path socket = bind(dir.resolve("fn.sock"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), socket.toAbsolutePath());
    assertInvalid("relative symlink");
  }

  @Test
  void symlinkLeavingTheDirectoryIsRefused(@TempDir Path elsewhere) throws IOException {
    bind(elsewhere.resolve("x.sock"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), dir.relativize(elsewhere.resolve("x.sock")));
    assertInvalid("relative symlink");
  }

  @Test
  void symlinkThroughASubdirectoryIsRefused() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    bind(dir.resolve("sub").resolve("x.sock"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("sub/x.sock"));
    assertInvalid("relative symlink");
  }

  @Test
  void danglingSymlinkIsRefused() throws IOException {
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("missing.sock"));
    assertInvalid("does not exist");
  }

  @Test
  void symlinkToARegularFileIsRefused() throws IOException {
    Files.writeString(dir.resolve("file"), "x");
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("file"));
    assertInvalid("not a socket");
  }

  @Test
  void chainedSymlinkIsRefused() throws IOException {
    bind(dir.resolve("real.sock"));
    Files.createSymbolicLink(dir.resolve("middle"), Path.of("real.sock"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), Path.of("middle"));
    assertInvalid("not a socket");
  }

  @Test
  void regularFileIsRefused() throws IOException {
    Files.writeString(dir.resolve("lsnr.sock"), "not a socket");
    assertInvalid("not a socket");
  }

  @Test
  void fifoIsRefused() throws Exception {
    Process p = new ProcessBuilder("mkfifo", dir.resolve("lsnr.sock").toString()).start();
    assertThat(p.waitFor()).isZero();
    assertInvalid("not a socket");
  }

  private void assertInvalid(String reasonPart) {
    SocketRules.Check check = SocketRules.check(dir);
    assertThat(check).isInstanceOf(SocketRules.Check.Invalid.class);
    assertThat(((SocketRules.Check.Invalid) check).reason()).contains(reasonPart);
  }
}
