package io.hearth.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives read back by the system's tar. */
class TarWriterTest {
  @TempDir Path tmp;

  static final String LONG_DIR = "a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(60);
  static final String LONG_NAME = "a".repeat(60) + "/" + "b".repeat(60) + "/" + "d".repeat(90) + ".txt"; // ustar prefix
  static final String LONGER = LONG_DIR + "/" + "d".repeat(90) + ".txt"; // no split fits: pax
  static final String VERY_LONG = "e".repeat(120) + "/" + "f".repeat(150) + ".txt"; // needs pax
  static final String UNICODE = "dir/grüße-€.txt";

  @Test
  void systemTarReadsItBack() throws Exception {
    Path source = tmp.resolve("source.bin");
    byte[] big = new byte[100_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Files.write(source, big);
    Path tar = tmp.resolve("t.tar");
    Files.write(tar, TarWriter.toBytes(w -> {
      w.directory("dir", 0755);
      w.file("dir/run.sh", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
      w.file("dir/empty", 0644, new byte[0]);
      w.file("dir/exactly-512", 0600, new byte[512]);
      w.file("dir/big.bin", 0644, source);
      w.directory("tmp", 01777);
      w.file(LONG_NAME, 0644, "long".getBytes(StandardCharsets.UTF_8));
      w.file(LONGER, 0644, "longer".getBytes(StandardCharsets.UTF_8));
      w.file(VERY_LONG, 0644, "very long".getBytes(StandardCharsets.UTF_8));
      w.file(UNICODE, 0644, "unicode".getBytes(StandardCharsets.UTF_8));
    }));
    assertThat(Files.size(tar) % 512).isZero();

    String listing = run(tmp, "tar", "-tvf", tar.toString());
    assertThat(listing).contains("drwxr-xr-x root/root", "-rwxr-xr-x root/root", "dir/run.sh", "drwxrwxrwt")
        .contains(LONG_NAME, LONGER, VERY_LONG, UNICODE);

    Path out = Files.createDirectory(tmp.resolve("out"));
    run(out, "tar", "-xf", tar.toString());
    assertThat(Files.readString(out.resolve("dir/run.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("dir/run.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.size(out.resolve("dir/empty"))).isZero();
    assertThat(Files.size(out.resolve("dir/exactly-512"))).isEqualTo(512);
    assertThat(Files.readAllBytes(out.resolve("dir/big.bin"))).isEqualTo(big);
    assertThat(Files.readString(out.resolve(LONG_NAME))).isEqualTo("long");
    assertThat(Files.readString(out.resolve(LONGER))).isEqualTo("longer");
    assertThat(Files.readString(out.resolve(VERY_LONG))).isEqualTo("very long");
    assertThat(Files.readString(out.resolve(UNICODE))).isEqualTo("unicode");
  }

  @Test
  void paxRecordLengthCountsItself() {
    assertThat(TarWriter.paxRecord("path", "abc")).isEqualTo("12 path=abc\n");
    String r = TarWriter.paxRecord("path", "x".repeat(90)); // body " path=...\n" 97, + 2 digits = 99
    assertThat(r).startsWith("99 ").hasSize(99);
    String s = TarWriter.paxRecord("path", "x".repeat(91)); // 98 + 2 = 100 has 3 digits: 101
    assertThat(s).startsWith("101 ").hasSize(101);
  }

  @Test
  void rejectsPathsThatEscape() {
    assertThatThrownBy(() -> TarWriter.toBytes(w -> w.file("/etc/passwd", 0644, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TarWriter.toBytes(w -> w.file("a/../../b", 0644, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shortContentIsAnError() {
    assertThatThrownBy(() -> TarWriter.toBytes(w -> w.file("a", 0644, 10, new java.io.ByteArrayInputStream(new byte[3]))))
        .isInstanceOf(IOException.class).hasMessageContaining("7 bytes short");
  }

  static String run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
    return out;
  }
}
