package io.hearth.fdk;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The function's listening socket, published the way Fn's agent waits for it: bind under a name of
 * our own in the listener's directory, make it 0666 (the agent may run as another user), then
 * atomically rename a relative symlink over the listener name. The agent sees either nothing or a
 * complete listener, never a socket that is not yet accepting.
 *
 * <p>Owned by {@link FdkServer}; {@link #close()} may be called from any thread.
 */
final class ListenerSocket implements AutoCloseable {
  private final Path listener;
  private final Path socket;
  private final ServerSocketChannel channel;

  private ListenerSocket(Path listener, Path socket, ServerSocketChannel channel) {
    this.listener = listener;
    this.socket = socket;
    this.channel = channel;
  }

  /** Binds and publishes; the function is ready for calls once this returns. */
  static ListenerSocket publish(Path listener) throws IOException {
    Path dir = listener.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("the listener's directory " + dir + " does not exist; the agent creates it "
          + "and mounts it into the container (usually at /tmp/iofs)");
    }
    String name = randomName();
    Path socket = dir.resolve(name + ".sock");
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
      Path link = dir.resolve("." + name + ".lnk");
      Files.createSymbolicLink(link, Path.of(socket.getFileName().toString()));
      try {
        Files.move(link, listener, StandardCopyOption.ATOMIC_MOVE); // rename(2) replaces a stale listener
      } catch (IOException e) {
        Files.deleteIfExists(link);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(socket);
      throw e;
    }
    return new ListenerSocket(listener, socket, channel);
  }

  private static String randomName() {
    byte[] bytes = new byte[8];
    ThreadLocalRandom.current().nextBytes(bytes); // names need to be unique, not secret
    return "fdk-" + HexFormat.of().formatHex(bytes);
  }

  Path listener() {
    return listener;
  }

  Path socket() {
    return socket;
  }

  ServerSocketChannel channel() {
    return channel;
  }

  /** Stops listening and removes the socket, and the listener symlink if it is still ours. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing: nothing more to do
    }
    try {
      if (Files.isSymbolicLink(listener)
          && Files.readSymbolicLink(listener).toString().equals(socket.getFileName().toString())) {
        Files.deleteIfExists(listener);
      }
      if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(socket);
      }
    } catch (IOException ignored) {
      // best effort: the agent removes the directory with the container
    }
  }
}
