package io.hearth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's socket root, made private before any container's socket directory goes in it: owned by
 * the node's user, mode 0700, not a symbolic link, under ancestors no other user may replace (each
 * owned by root or the node's user, and writable by others only with the sticky bit, as /tmp is).
 * The containers' own directories inside stay open to the function's user, which reaches its one
 * directory through its bind mount, never through this path; other local users cannot traverse to
 * a function's socket, call it around the token and the records, or plant files while it starts.
 */
final class SocketRoot {
  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final int STICKY = 01000;

  private SocketRoot() {}

  /** Creates {@code root} if needed and makes it private; IOException saying what is unsafe. */
  static void prepare(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    Files.createDirectories(abs);
    if (Files.isSymbolicLink(abs) || !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the socket directory " + abs + " is not a plain directory (a symbolic link?); "
          + "choose HEARTH_SOCKET_DIR elsewhere");
    }
    String user = System.getProperty("user.name");
    String owner = Files.getOwner(abs, LinkOption.NOFOLLOW_LINKS).getName();
    if (!owner.equals(user)) {
      throw new IOException("the socket directory " + abs + " belongs to " + owner + ", not to this node's user "
          + user + "; remove it or choose HEARTH_SOCKET_DIR elsewhere");
    }
    Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwx------"));
    for (Path p = abs.getParent(); p != null; p = p.getParent()) {
      String by = Files.getOwner(p).getName();
      int mode = (Integer) Files.getAttribute(p, "unix:mode");
      if (!by.equals("root") && !by.equals(user)) {
        throw new IOException("the socket directory's ancestor " + p + " belongs to " + by + ", who could replace "
            + abs + "; choose HEARTH_SOCKET_DIR under directories of root or " + user);
      }
      if ((mode & GROUP_OR_OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
        throw new IOException("the socket directory's ancestor " + p + " is writable by other users (mode "
            + Integer.toOctalString(mode & 07777) + "), who could replace " + abs
            + "; choose HEARTH_SOCKET_DIR under directories only root or " + user + " can write");
      }
    }
  }
}
