package io.hearth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitFaultsTest {

  @Test
  void parsesTheVariables() {
    assertThat(InitFaults.parse(Map.of())).isEqualTo(InitFaults.NONE);
    assertThat(InitFaults.parse(Map.of("TESTFN_INIT_SLEEP_MS", "1500", "TESTFN_INIT_EXIT", "7",
        "TESTFN_NO_SOCKET", "1", "TESTFN_BAD_SYMLINK", "true")))
        .isEqualTo(new InitFaults(1500, 7, true, true));
    assertThat(InitFaults.parse(Map.of("TESTFN_NO_SOCKET", "0", "TESTFN_INIT_EXIT", "")))
        .isEqualTo(InitFaults.NONE);
    assertThatThrownBy(() -> InitFaults.parse(Map.of("TESTFN_INIT_EXIT", "300")))
        .hasMessageContaining("TESTFN_INIT_EXIT");
    assertThatThrownBy(() -> InitFaults.parse(Map.of("TESTFN_INIT_SLEEP_MS", "soon")))
        .hasMessageContaining("TESTFN_INIT_SLEEP_MS");
  }

  @Test
  void pointsTheListenerOutsideItsDirectory(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
    Path listener = dir.resolve("lsnr.sock");
    Path outside = elsewhere.resolve("elsewhere.sock");
    try (ServerSocketChannel ignored = InitFaults.publishBadSymlink(listener, outside)) {
      assertThat(Files.readSymbolicLink(listener)).isEqualTo(outside);
      try (var files = Files.list(dir)) {
        Path socket = files.filter(p -> !p.equals(listener)).findFirst().orElseThrow();
        assertThat(socket.getFileName().toString()).endsWith(".sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
            .isEqualTo("rw-rw-rw-");
      }
    }
  }
}
