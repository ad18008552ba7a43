package io.hearth.docker;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes a POSIX tar archive (ustar headers, with pax extended headers for names that do not fit
 * and for files of 8 GiB or more) of regular files and directories, owned by root. Enough for
 * Docker build contexts; not for symlinks or devices.
 *
 * <p>Not thread-safe: one writer, one thread.
 */
public final class TarWriter implements Closeable {
  private static final int BLOCK = 512;
  /** Largest size that fits the 11 octal digits of a ustar header. */
  private static final long MAX_USTAR_SIZE = 077777777777L;

  private final OutputStream out;
  private final long mtime;
  private boolean finished;

  /**
   * @param out         where the archive goes; closed by {@link #close()}
   * @param mtimeSeconds modification time of every entry (a constant keeps archives reproducible)
   */
  public TarWriter(OutputStream out, long mtimeSeconds) {
    this.out = out;
    this.mtime = mtimeSeconds;
  }

  public TarWriter(OutputStream out) {
    this(out, 0);
  }

  /** A directory entry; {@code path} is relative, e.g. {@code jre/lib}. */
  public void directory(String path, int mode) throws IOException {
    String name = checked(path);
    header(name.endsWith("/") ? name : name + "/", mode, 0, '5');
  }

  public void file(String path, int mode, byte[] content) throws IOException {
    header(checked(path), mode, content.length, '0');
    out.write(content);
    pad(content.length);
  }

  /** A regular file of exactly {@code size} bytes read from {@code content}. */
  public void file(String path, int mode, long size, InputStream content) throws IOException {
    header(checked(path), mode, size, '0');
    byte[] buf = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = content.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("content of " + path + " ended " + left + " bytes short of " + size);
      }
      out.write(buf, 0, n);
      left -= n;
    }
    pad(size);
  }

  /** A regular file with the content of {@code source} (a symlink is followed). */
  public void file(String path, int mode, Path source) throws IOException {
    try (InputStream in = Files.newInputStream(source)) {
      file(path, mode, Files.size(source), in);
    }
  }

  /** Writes the end-of-archive marker; the stream stays open. */
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      out.write(new byte[2 * BLOCK]);
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }

  private static String checked(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("tar entry path must be relative and non-empty: " + path);
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException("tar entry path must not climb with '..': " + path);
      }
    }
    return path;
  }

  private void header(String name, int mode, long size, char type) throws IOException {
    if (finished) {
      throw new IllegalStateException("archive already finished");
    }
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    boolean ascii = nameBytes.length == name.length();
    String prefix = "";
    String shortName = name;
    StringBuilder pax = new StringBuilder();
    if (!ascii || nameBytes.length > 100) {
      int split = ascii ? splitPoint(name) : -1;
      if (split > 0) {
        prefix = name.substring(0, split);
        shortName = name.substring(split + 1);
      } else {
        pax.append(paxRecord("path", name));
        shortName = asciiTail(name);
      }
    }
    if (size > MAX_USTAR_SIZE) {
      pax.append(paxRecord("size", Long.toString(size)));
    }
    if (!pax.isEmpty()) {
      byte[] body = pax.toString().getBytes(StandardCharsets.UTF_8);
      String tail = asciiTail(shortName);
      writeHeader("PaxHeaders/" + tail.substring(Math.max(0, tail.length() - 88)), "", 0644, body.length, 'x');
      out.write(body);
      pad(body.length);
    }
    writeHeader(shortName, prefix, mode, size > MAX_USTAR_SIZE ? 0 : size, type);
  }

  /** Index of a '/' that splits {@code name} into a prefix of at most 155 and a name of at most 100. */
  private static int splitPoint(String name) {
    int limit = Math.min(155, name.length() - 2);
    for (int i = limit; i > 0; i--) {
      if (name.charAt(i) == '/' && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
        return i;
      }
    }
    return -1;
  }

  /** A stand-in name for the ustar field when the real one is in a pax header: its ASCII last 99 chars. */
  private static String asciiTail(String name) {
    String a = name.replaceAll("[^\\x20-\\x7e]", "_");
    return a.length() <= 99 ? a : a.substring(a.length() - 99);
  }

  /** One pax record, {@code "<len> key=value\n"}, where len counts the whole record. */
  static String paxRecord(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int len = body + Integer.toString(body).length();
    if (Integer.toString(len).length() != Integer.toString(body).length()) {
      len++; // adding the length's digits made it one digit longer
    }
    return len + " " + key + "=" + value + "\n";
  }

  private void writeHeader(String name, String prefix, int mode, long size, char type) throws IOException {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) type;
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    put(h, 345, 155, prefix);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xFF;
    }
    String chk = String.format("%06o", sum);
    put(h, 148, 6, chk);
    h[154] = 0;
    h[155] = ' ';
    out.write(h);
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > len) {
      throw new IllegalArgumentException("tar header field too long: " + s);
    }
    System.arraycopy(b, 0, h, off, b.length);
  }

  /** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(len - 1 - s.length()) + s;
    put(h, off, len - 1, padded);
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(new byte[BLOCK - rest]);
    }
  }

  static byte[] toBytes(ThrowingWriter w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarWriter t = new TarWriter(bytes)) {
      w.write(t);
    }
    return bytes.toByteArray();
  }

  /** Writes entries into a tar writer. */
  @FunctionalInterface
  interface ThrowingWriter {
    void write(TarWriter tar) throws IOException;
  }
}
