package io.hearth.samples;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Start-up misbehaviours of {@link TestFn}, chosen by environment variables, to test how the agent
 * treats a function that never becomes ready. Parsing is pure; {@link #publishBadSymlink} acts.
 *
 * <ul>
 *   <li>{@code TESTFN_INIT_SLEEP_MS=<n>}: sleep that long before creating the socket;
 *   <li>{@code TESTFN_INIT_EXIT=<code>}: exit with that code during init, without a socket;
 *   <li>{@code TESTFN_NO_SOCKET=1}: never create the socket, sleep forever;
 *   <li>{@code TESTFN_BAD_SYMLINK=1}: bind a socket, but point {@code lsnr.sock} outside its
 *       directory (at {@code /tmp/elsewhere.sock}), then sleep forever.
 * </ul>
 *
 * Applied in that order; the sleep combines with any of the others.
 *
 * @param sleepMillis delay before anything else, 0 for none
 * @param exitCode    exit code to end init with, or -1 for none
 */
record InitFaults(long sleepMillis, int exitCode, boolean noSocket, boolean badSymlink) {
  static final InitFaults NONE = new InitFaults(0, -1, false, false);
  /** Where the bad symlink points: outside the socket directory, the agent must refuse it. */
  static final Path OUTSIDE = Path.of("/tmp/elsewhere.sock");

  static InitFaults parse(Map<String, String> env) {
    return new InitFaults(
        number(env, "TESTFN_INIT_SLEEP_MS", 0, Long.MAX_VALUE, 0),
        (int) number(env, "TESTFN_INIT_EXIT", 0, 255, -1),
        flag(env, "TESTFN_NO_SOCKET"),
        flag(env, "TESTFN_BAD_SYMLINK"));
  }

  private static long number(Map<String, String> env, String name, long min, long max, long absent) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return absent;
    }
    try {
      long n = Long.parseLong(raw.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the message
    }
    throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max + ", not '" + raw + "'");
  }

  private static boolean flag(Map<String, String> env, String name) {
    String raw = env.get(name);
    return raw != null && (raw.equals("1") || raw.equalsIgnoreCase("true"));
  }

  /**
   * Binds a real socket in the listener's directory (mode 0666, as a good function would), then
   * renames a symlink {@code listener -> outside} into place. Returns the bound socket, which the
   * caller keeps open.
   */
  static ServerSocketChannel publishBadSymlink(Path listener, Path outside) throws IOException {
    Path dir = listener.getParent();
    Path socket = dir.resolve("testfn-" + ProcessHandle.current().pid() + ".sock");
    Files.deleteIfExists(socket);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path link = dir.resolve(".testfn-bad.lnk");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, outside);
    Files.move(link, listener, StandardCopyOption.ATOMIC_MOVE);
    return channel;
  }
}
