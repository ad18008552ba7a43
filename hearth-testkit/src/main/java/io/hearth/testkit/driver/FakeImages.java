package io.hearth.testkit.driver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the {@link FakeContainerDriver}'s containers behave, per image, and which images cannot be
 * pulled. Guarded by the driver's monitor.
 */
final class FakeImages {
  private final Map<String, FakeBehavior> byImage = new HashMap<>();
  private final Set<String> missing = new HashSet<>();
  private final Set<String> unpulled = new HashSet<>();
  private int checks;
  private FakeBehavior otherwise = FakeBehavior.ok();

  void behave(String image, FakeBehavior behavior) {
    byImage.put(image, behavior);
  }

  void otherwise(FakeBehavior behavior) {
    otherwise = behavior;
  }

  void missing(String image) {
    missing.add(image);
  }

  boolean isMissing(String image) {
    return missing.contains(image);
  }

  void unpulled(String image) {
    unpulled.add(image);
  }

  /** An image lookup ({@code ensureImage}): counted; an unpulled image is pulled by it. */
  void checked(String image) {
    checks++;
    if (!missing.contains(image)) {
      unpulled.remove(image);
    }
  }

  int checks() {
    return checks;
  }

  /** Whether a create of {@code image} meets the engine's 404 (not on the node). */
  boolean absent(String image) {
    return missing.contains(image) || unpulled.contains(image);
  }

  FakeBehavior behaviorOf(String image) {
    return byImage.getOrDefault(image, otherwise);
  }
}
