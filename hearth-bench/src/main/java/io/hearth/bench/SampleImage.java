package io.hearth.bench;

import io.hearth.docker.DockerDriver;
import io.hearth.docker.DockerEngine;
import io.hearth.docker.FunctionImageSpec;
import io.hearth.docker.ImageBuilder;
import io.hearth.fdk.Fdk;
import io.hearth.samples.TestFn;
import io.hearth.uds.HttpWire;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes sure the benchmark's image exists: builds {@code hearth/testfn:latest} as `hearth samples` does. */
final class SampleImage {
  private SampleImage() {}

  /** Returns the image reference; builds the default image when missing, refuses any other missing one. */
  static String ensure(DockerEngine engine, DockerDriver driver, String image) {
    if (driver.imageExists(image)) {
      return image;
    }
    if (!image.equals(BenchOptions.DEFAULT_IMAGE)) {
      throw new IllegalArgumentException("the image " + image + " is not on the engine; build it first, or leave "
          + "out --image to use " + BenchOptions.DEFAULT_IMAGE);
    }
    System.err.println("hearth bench: building " + image + " (as `hearth samples` does)...");
    new ImageBuilder(engine, ImageBuilder.Options.defaults(), io.hearth.core.time.Clock.system()).buildFunctionImage(new FunctionImageSpec(image,
        classpath(), TestFn.class.getName(), List.of(), Set.of(), Map.of("io.hearth.sample", "true")));
    return image;
  }

  /** Where TestFn, the FDK and the codec were loaded from: jars, or class directories. */
  private static List<Path> classpath() {
    Set<Path> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(TestFn.class, Fdk.class, HttpWire.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
      }
    }
    return List.copyOf(entries);
  }

  /** The engine's id of the image, for the report. */
  static String id(DockerEngine engine, String image) {
    DockerEngine.Reply r = engine.call("GET", "/images/" + image + "/json", null);
    return r.ok() ? engine.tree(r).path("Id").asText() : "unknown";
  }
}
