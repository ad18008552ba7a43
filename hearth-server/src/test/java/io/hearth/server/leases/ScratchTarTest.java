package io.hearth.server.leases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar of a scratch sub-directory: its files and directories with names relative to it, its
 * size known before writing (what the bound is checked against), an empty tar for a missing one,
 * symbolic links left out, and refusals for paths that leave the scratch directory.
 */
class ScratchTarTest {
  @TempDir Path scratch;

  @Test
  void aDirectoryIsTarredWithNamesRelativeToItAndItsSizeKnownBeforehand() throws Exception {
    Path out = Files.createDirectories(scratch.resolve("out/sub"));
    Files.writeString(scratch.resolve("out/top.txt"), "top\n");
    Files.write(out.resolve("big.bin"), new byte[70_000]);
    Files.writeString(scratch.resolve("elsewhere.txt"), "not in out");
    Files.createSymbolicLink(scratch.resolve("out/link"), scratch.resolve("elsewhere.txt"));
    String longName = "d".repeat(120);
    Files.writeString(Files.createDirectories(scratch.resolve("out/" + longName)).resolve("f"), "deep");

    ScratchTar tar = ((ScratchTar.Resolved.Tar) ScratchTar.of(scratch, "out")).tar();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    tar.write(bytes);
    assertThat((long) bytes.size()).as("the size checked against the bound is at least what is written")
        .isLessThanOrEqualTo(tar.bytes());
    Map<String, String> files = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), e.isDirectory() ? "/" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(files).containsEntry("top.txt", "top\n").containsEntry("sub/", "/")
        .containsEntry(longName + "/f", "deep").doesNotContainKey("link").doesNotContainKey("elsewhere.txt");
    assertThat(files.get("sub/big.bin")).hasSize(70_000);
  }

  @Test
  void aMissingDirectoryIsAnEmptyTar() throws Exception {
    ScratchTar tar = ((ScratchTar.Resolved.Tar) ScratchTar.of(scratch, "out")).tar();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    tar.write(bytes);
    assertThat(bytes.size()).isEqualTo(1024).isEqualTo((int) tar.bytes());
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void pathsThatLeaveTheScratchDirectoryAreRefused() throws Exception {
    Files.writeString(scratch.resolve("file"), "x");
    for (String bad : new String[] {"", "/etc", "../x", "out/../../x", "a\\b", "file"}) {
      assertThat(ScratchTar.of(scratch, bad)).as(bad).isInstanceOf(ScratchTar.Resolved.Refused.class);
    }
  }
}
