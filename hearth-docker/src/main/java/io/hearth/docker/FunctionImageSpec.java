package io.hearth.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ImageBuilder} turns into a function image.
 *
 * @param tag          image name and tag, e.g. {@code hearth/hello:1}
 * @param classpath    jar files and directories of classes, in classpath order
 * @param mainClass    class whose {@code main} runs
 * @param jvmOptions   JVM options added after {@link ImageBuilder#DEFAULT_JVM_OPTIONS} (later ones win)
 * @param jlinkModules modules beyond {@code java.base} the runtime must hold
 * @param labels       labels of the function image
 */
public record FunctionImageSpec(
    String tag,
    List<Path> classpath,
    String mainClass,
    List<String> jvmOptions,
    Set<String> jlinkModules,
    Map<String, String> labels) {

  public FunctionImageSpec {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(mainClass, "mainClass");
    classpath = List.copyOf(classpath);
    jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    jlinkModules = jlinkModules == null ? Set.of() : Set.copyOf(jlinkModules);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("a function image needs at least one classpath entry");
    }
    if (mainClass.isBlank()) {
      throw new IllegalArgumentException("main class is empty");
    }
    if (!tag.matches("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?")) {
      throw new IllegalArgumentException("image tag must be lower-case name[:tag], e.g. hearth/hello:1, not: " + tag);
    }
  }

  /** A spec with no extra JVM options, modules or labels. */
  public static FunctionImageSpec of(String tag, List<Path> classpath, String mainClass) {
    return new FunctionImageSpec(tag, classpath, mainClass, List.of(), Set.of(), Map.of());
  }
}
