package io.hearth.docker.testing.fn;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A function image's main for tests: does the ready half of Fn's container contract (binds a unix
 * socket in {@code /tmp/iofs} under a temporary name, makes it 0666, links {@code lsnr.sock} to
 * it), prints {@code ready}, then waits until killed. Answers no calls.
 */
public final class ReadyMain {
  private ReadyMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("/tmp/iofs");
    Path real = dir.resolve("ready-" + ProcessHandle.current().pid() + ".sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(real));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.createSymbolicLink(dir.resolve("lsnr.sock"), real.getFileName());
    System.out.println("ready");
    System.out.flush();
    while (true) {
      server.accept().close();
    }
  }
}
