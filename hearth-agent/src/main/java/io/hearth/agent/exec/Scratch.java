package io.hearth.agent.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Makes an alloc's scratch directory, writable by the user its execs run as. */
final class Scratch {
  private Scratch() {}

  /**
   * Creates the directory when missing and gives it to {@code user} ("uid:gid" or "uid"); when that
   * is not allowed (Hearth not root) or the user is a name, opens it to everyone (mode 0777) instead,
   * as function containers' socket directories are.
   */
  static void prepare(Path dir, String user) throws IOException {
    Files.createDirectories(dir);
    if (user.isEmpty()) {
      return; // the image's user: root, usually, which may write anywhere
    }
    if (user.matches("\\d+(:\\d+)?")) {
      String[] ids = user.split(":");
      try {
        Files.setAttribute(dir, "unix:uid", Integer.parseInt(ids[0]));
        if (ids.length > 1) {
          Files.setAttribute(dir, "unix:gid", Integer.parseInt(ids[1]));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        return;
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // not root, or no unix view of the filesystem: fall back to a directory open to all
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }
}
