package io.hearth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Fn's rules for a function's listener socket. The function binds a socket under a name of its own
 * in the socket directory and then creates {@code lsnr.sock}: either a relative symlink to that
 * socket, naming a file in the same directory, or the socket itself. A symlink that leads anywhere
 * else, or a listener that is not a socket, is an init failure: the agent never follows a function's
 * symlink out of the directory it owns.
 */
final class SocketRules {
  static final String LISTENER = "lsnr.sock";

  /** Outcome of one look at a socket directory. */
  sealed interface Check {
    /** {@code lsnr.sock} is not there yet. */
    record NotYet() implements Check {}

    /** Ready: connect to {@code socket}. */
    record Ready(Path socket) implements Check {}

    /** The function set up its listener wrongly; it will not become ready. */
    record Invalid(String reason) implements Check {}
  }

  private static final Check NOT_YET = new Check.NotYet();

  private SocketRules() {}

  static Check check(Path dir) {
    Path listener = dir.resolve(LISTENER);
    PosixFileAttributes attrs;
    try {
      attrs = Files.readAttributes(listener, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return NOT_YET;
    } catch (IOException e) {
      return new Check.Invalid("cannot read " + LISTENER + ": " + e.getMessage());
    }
    if (attrs.isSymbolicLink()) {
      Path target;
      try {
        target = Files.readSymbolicLink(listener);
      } catch (IOException e) {
        return new Check.Invalid("cannot read the " + LISTENER + " symlink: " + e.getMessage());
      }
      String name = target.toString();
      if (target.isAbsolute() || target.getNameCount() != 1 || name.equals("..") || name.equals(".")
          || name.equals(LISTENER)) {
        return new Check.Invalid(LISTENER + " must be a relative symlink to a socket in the same directory, not '"
            + name + "'");
      }
      Path socket = dir.resolve(target);
      try {
        return isSocket(socket) ? new Check.Ready(socket)
            : new Check.Invalid(LISTENER + " points to '" + name + "', which is not a socket");
      } catch (NoSuchFileException e) {
        return new Check.Invalid(LISTENER + " points to '" + name + "', which does not exist");
      } catch (IOException e) {
        return new Check.Invalid("cannot read '" + name + "': " + e.getMessage());
      }
    }
    try {
      return isSocket(listener) ? new Check.Ready(listener) : new Check.Invalid(LISTENER + " is not a socket");
    } catch (IOException e) {
      return new Check.Invalid("cannot read " + LISTENER + ": " + e.getMessage());
    }
  }

  /** The file type bits of st_mode say socket (S_IFSOCK); a FIFO or a device is not one. */
  private static boolean isSocket(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & S_IFMT) == S_IFSOCK;
  }

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
}
