package io.hearth.fdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The values of the {@code Fn-Fdk-Version} and {@code Fn-Fdk-Runtime} headers. Computed once. */
final class FdkVersion {
  /** The Maven version, filtered into a resource at build time. */
  static final String VERSION = readVersion();
  static final String HEADER_VALUE = "hearth-fdk/" + VERSION;
  static final String RUNTIME = "java/" + Runtime.version();

  private FdkVersion() {}

  private static String readVersion() {
    try (InputStream in = FdkVersion.class.getResourceAsStream("fdk-version.txt")) {
      if (in == null) {
        return "unknown";
      }
      String v = new String(in.readNBytes(100), StandardCharsets.UTF_8).strip();
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
