package io.hearth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearth.agent.testing.NodeScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 5: the node's socket root is private (0700, the node's own, under ancestors no
 * other user can replace), so local users cannot reach a function's socket around the API.
 */
class SocketRootTest {
  @TempDir Path tmp;

  @Test
  void theAgentsSocketRootIsPrivate() throws Exception {
    try (NodeScenario node = NodeScenario.node(tmp)) {
      node.fn("a").call();
      Path root = tmp.resolve("s");
      assertThat(Files.getPosixFilePermissions(root)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    }
  }

  @Test
  void aRootOthersCouldReplaceIsRefused() throws IOException {
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // no sticky bit
    assertThatThrownBy(() -> SocketRoot.prepare(open.resolve("node")))
        .isInstanceOf(IOException.class).hasMessageContaining("writable by other users");
  }

  @Test
  void aSymbolicLinkIsRefused() throws IOException {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertThatThrownBy(() -> SocketRoot.prepare(link)).hasMessageContaining("not a plain directory");
  }

  @Test
  void anExistingOpenRootIsClosed() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    SocketRoot.prepare(root);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
  }
}
