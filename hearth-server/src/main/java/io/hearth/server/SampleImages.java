package io.hearth.server;

import io.hearth.docker.FunctionImageSpec;
import io.hearth.docker.ImageBuilder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bundled sample functions, packaged from the jars this server runs from. */
final class SampleImages {
  static final String HELLO = "hearth/hello:latest";
  static final String TESTFN = "hearth/testfn:latest";
  private static final String HELLO_MAIN = "io.hearth.samples.Hello";
  private static final String TESTFN_MAIN = "io.hearth.samples.TestFn";

  private SampleImages() {}

  /** Builds the image unless the engine has it already (or {@code rebuild}); returns whether it built. */
  static boolean ensure(ImageBuilder builder, String tag, boolean rebuild) throws ClassNotFoundException {
    if (!rebuild && builder.imageId(tag) != null) {
      return false;
    }
    String main = tag.equals(HELLO) ? HELLO_MAIN : TESTFN_MAIN;
    builder.buildFunctionImage(new FunctionImageSpec(tag, classpath(main), main, List.of(), Set.of(),
        Map.of("io.hearth.sample", "true")));
    return true;
  }

  /** Where the sample, the FDK and the codec it uses were loaded from: jars, or class directories. */
  private static List<Path> classpath(String main) throws ClassNotFoundException {
    Set<Path> entries = new LinkedHashSet<>();
    for (String cls : List.of(main, "io.hearth.fdk.Fdk", "io.hearth.uds.HttpWire")) {
      try {
        entries.add(Path.of(Class.forName(cls).getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate the classes of " + cls, e);
      }
    }
    return List.copyOf(entries);
  }
}
