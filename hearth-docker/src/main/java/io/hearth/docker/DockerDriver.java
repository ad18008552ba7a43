package io.hearth.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.hearth.core.driver.ContainerDriver;
import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.driver.ContainerState;
import io.hearth.core.driver.DriverException.Kind;
import io.hearth.core.driver.DriverException;
import io.hearth.core.driver.LogSink;
import io.hearth.core.image.ImageReference;
import io.hearth.core.time.Clock;
import io.hearth.core.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link ContainerDriver} over the Docker Engine API. Thread-safe; every method blocks, so call it
 * from a virtual thread.
 *
 * <p>State: the image-presence cache owns its entries; the sets of open exit watchers and output
 * followers are concurrent sets owned by this driver (a follower leaves its set when its stream
 * ends) and emptied by {@link #close()}. The engine is owned by the
 * driver when it was built with {@link #open}.
 */
public final class DockerDriver implements ContainerDriver {
  private final DockerEngine engine;
  private final boolean ownsEngine;
  private final Clock clock;
  private final ImagePresence images;
  private final ImagePuller puller;
  /** Registries images may be pulled from ("*" for any); empty: local images only. */
  private final Set<String> registries;
  private final Set<ExitWatcher> watchers = ConcurrentHashMap.newKeySet();
  private final Set<OutputFollower> followers = ConcurrentHashMap.newKeySet();

  /** A driver over {@code engine}, which the caller keeps and closes; it runs local images only. */
  public DockerDriver(DockerEngine engine, Clock clock) {
    this(engine, false, clock, Set.of());
  }

  /**
   * A driver over {@code engine}, which the caller keeps and closes, pulling missing images only
   * from {@code registries} (registry hosts as in references, {@code docker.io} for Docker Hub,
   * {@code *} for any; empty: local images only).
   */
  public DockerDriver(DockerEngine engine, Clock clock, Set<String> registries) {
    this(engine, false, clock, registries);
  }

  private DockerDriver(DockerEngine engine, boolean ownsEngine, Clock clock, Set<String> registries) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.clock = clock;
    this.images = new ImagePresence(ImagePresence.DEFAULT_TTL);
    this.puller = new ImagePuller(engine, clock);
    this.registries = Set.copyOf(registries);
  }

  /**
   * A driver with an engine of its own on {@code socket}, closed with the driver; the engine's I/O
   * timeouts run on a timer thread of its own.
   */
  public static DockerDriver open(Path socket, Clock clock) {
    return open(socket, clock, Set.of());
  }

  /** The same, pulling missing images only from {@code registries} (see the constructor). */
  public static DockerDriver open(Path socket, Clock clock, Set<String> registries) {
    return new DockerDriver(new DockerEngine(socket), true, clock, registries);
  }

  /**
   * A driver with an engine of its own on {@code socket}, closed with the driver, whose I/O timeouts
   * run on {@code scheduler} (the caller's, closed after the driver).
   */
  public static DockerDriver open(Path socket, Clock clock, Scheduler scheduler) {
    return new DockerDriver(new DockerEngine(socket, DockerEngine.DEFAULT_TIMEOUT, scheduler), true, clock, Set.of());
  }

  public DockerEngine engine() {
    return engine;
  }

  @Override
  public void ensureImage(String image, Duration pullTimeout) {
    ImageReference ref = reference(image);
    if (images.isKnownPresent(image, clock.instant())) {
      return;
    }
    if (!imageExists(image)) {
      if (!registries.contains("*") && !registries.contains(ref.registry())) {
        throw new DriverException(Kind.IMAGE_NOT_FOUND, "Failed to pull image '" + image + "': it is not on this "
            + "node and pulls from " + ref.registry() + " are not allowed here; load the image into the node's "
            + "Docker Engine, or allow the registry in HEARTH_IMAGE_REGISTRIES");
      }
      puller.pull(image, pullTimeout);
    }
    images.present(image, clock.instant());
  }

  /** The image's reference by the Docker grammar; an image that is not one never reaches the engine. */
  private static ImageReference reference(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new DriverException(Kind.IMAGE_NOT_FOUND, "Failed to pull image '" + image + "': not an image reference ("
          + e.getMessage() + ")");
    }
  }

  /** Whether the engine has the image, asking it (no cache). */
  public boolean imageExists(String image) {
    reference(image);
    DockerEngine.Reply r = engine.call("GET", "/images/" + pathOf(image) + "/json", null);
    if (r.status() == 404) {
      return false;
    }
    if (!r.ok()) {
      throw engine.refused(r, "inspect image '" + image + "'", Kind.FAILED);
    }
    return true;
  }

  @Override
  public String create(ContainerSpec spec) {
    reference(spec.image()); // not an image reference: IMAGE_NOT_FOUND saying so, as ensureImage would
    DockerEngine.Reply r = engine.call("POST", "/containers/create?name=" + query(spec.name()),
        ContainerConfig.createBody(spec, engine.json()));
    if (r.status() == 404) {
      images.forget(spec.image());
      throw engine.refused(r, "create container " + spec.name() + " from image '" + spec.image() + "'",
          Kind.IMAGE_NOT_FOUND);
    }
    if (!r.ok()) {
      throw engine.refused(r, "create container " + spec.name(), Kind.FAILED);
    }
    return engine.tree(r).path("Id").asText();
  }

  @Override
  public void start(String id) {
    DockerEngine.Reply r = post(id, "/start");
    if (!r.ok() && r.status() != 304) { // 304: already started
      throw failure(r, "start container " + id);
    }
  }

  @Override
  public void pause(String id) {
    DockerEngine.Reply r = post(id, "/pause");
    if (!r.ok() && !saysAlready(r, "is already paused")) {
      throw failure(r, "pause container " + id);
    }
  }

  @Override
  public void unpause(String id) {
    DockerEngine.Reply r = post(id, "/unpause");
    if (!r.ok() && !saysAlready(r, "is not paused")) {
      throw failure(r, "unpause container " + id);
    }
  }

  @Override
  public void kill(String id) {
    DockerEngine.Reply r = post(id, "/kill?signal=SIGKILL");
    if (!r.ok() && !saysAlready(r, "is not running")) {
      throw failure(r, "kill container " + id);
    }
  }

  @Override
  public void remove(String id) {
    DockerEngine.Reply r = engine.call("DELETE", "/containers/" + pathOf(id) + "?force=true&v=true", null);
    boolean fine = r.ok() || r.status() == 404
        || (r.status() == 409 && engine.message(r).contains("already in progress"));
    if (!fine) {
      throw failure(r, "remove container " + id);
    }
    // The engine (20.10) keeps the attach of a container removed before it ever started open.
    for (OutputFollower f : followers) {
      if (f.containerId().equals(id)) {
        f.close();
      }
    }
  }

  @Override
  public ContainerState inspect(String id) {
    DockerEngine.Reply r = engine.call("GET", "/containers/" + pathOf(id) + "/json", null);
    if (r.status() == 404) {
      return ContainerState.gone();
    }
    if (!r.ok()) {
      throw failure(r, "inspect container " + id);
    }
    JsonNode s = engine.tree(r).path("State");
    return new ContainerState(s.path("Running").asBoolean(), s.path("Paused").asBoolean(),
        s.path("ExitCode").asInt(), s.path("OOMKilled").asBoolean(), s.path("Error").asText(""));
  }

  /**
   * The host process id of the container's first process (docker-init), from the engine's
   * {@code State.Pid}; 0 when the container is not running or is gone. Its {@code /proc/<pid>/cgroup}
   * tells where the container's cgroups are.
   */
  public long pid(String id) {
    JsonNode raw = inspectRaw(id);
    return raw == null ? 0 : raw.path("State").path("Pid").asLong(0);
  }

  /** The engine's whole inspect document of a container (for diagnostics and tests); null when gone. */
  public JsonNode inspectRaw(String id) {
    DockerEngine.Reply r = engine.call("GET", "/containers/" + pathOf(id) + "/json", null);
    if (r.status() == 404) {
      return null;
    }
    if (!r.ok()) {
      throw failure(r, "inspect container " + id);
    }
    return engine.tree(r);
  }

  @Override
  public List<String> list(Map<String, String> labels) {
    List<String> ids = new ArrayList<>();
    for (JsonNode c : listed(labels)) {
      ids.add(c.path("Id").asText());
    }
    return ids;
  }

  @Override
  public Map<String, Map<String, String>> listLabels(Map<String, String> labels) {
    Map<String, Map<String, String>> found = new LinkedHashMap<>();
    for (JsonNode c : listed(labels)) {
      Map<String, String> own = new HashMap<>();
      c.path("Labels").properties().forEach(e -> own.put(e.getKey(), e.getValue().asText()));
      found.put(c.path("Id").asText(), Map.copyOf(own));
    }
    return found;
  }

  private JsonNode listed(Map<String, String> labels) {
    String filters = ContainerConfig.labelFilter(engine.json(), labels, Map.of());
    DockerEngine.Reply r = engine.call("GET", "/containers/json?all=true&filters=" + query(filters), null);
    if (!r.ok()) {
      throw engine.refused(r, "list containers labelled " + labels, Kind.FAILED);
    }
    return engine.tree(r);
  }

  /**
   * Copies what the container wrote to stdout and stderr so far (the engine's json-file log, at
   * most its last 1 MiB). Containers made by this driver have no TTY, so the stream is multiplexed.
   */
  public void logs(String id, OutputStream stdout, OutputStream stderr) {
    try (EngineStream s = engine.stream("GET", "/containers/" + pathOf(id) + "/logs?stdout=1&stderr=1", null, 0,
        null, engine.callTimeout())) {
      if (s.status() != 200) {
        throw failure(s.readReply(), "read the logs of container " + id);
      }
      try {
        LogFrames.demux(s.body(), stdout, stderr);
      } catch (IOException e) {
        throw s.failure(e);
      }
    }
  }

  /**
   * Follows what the container writes to stdout and stderr, live, until it exits or the returned
   * follower is closed: each piece goes to {@code listener} on a virtual thread of the follower's
   * own. Call it after {@link #create} and before {@link #start}, so that nothing is missed.
   * Returns once the engine has accepted the attach.
   *
   * @throws DriverException {@code NO_SUCH_CONTAINER}, or {@code FAILED} when the engine refuses
   */
  public OutputFollower followOutput(String id, OutputListener listener) {
    OutputFollower f = OutputFollower.attach(engine, id, listener, followers::remove);
    followers.add(f);
    if (f.hasEnded()) { // ended before it was added: do not keep it
      followers.remove(f);
    }
    return f;
  }

  @Override
  public AutoCloseable followLog(String id, LogSink sink) {
    OutputListener listener = new OutputListener() {
      @Override
      public void output(int stream, byte[] buffer, int offset, int length) {
        sink.output(buffer, offset, length);
      }

      @Override
      public void ended(Exception failure) {
        sink.ended(failure);
      }
    };
    OutputFollower f = OutputFollower.logs(engine, id, listener, followers::remove);
    followers.add(f);
    if (f.hasEnded()) {
      followers.remove(f);
    }
    return f;
  }

  @Override
  public AutoCloseable onExit(Map<String, String> labels, Consumer<String> onExit) {
    ExitWatcher w = new ExitWatcher(engine, labels, onExit);
    watchers.add(w);
    w.start();
    return () -> {
      watchers.remove(w);
      w.close();
    };
  }

  /** Whether a refusal only says the container is already as asked (409 or, in 20.10, 500). */
  private boolean saysAlready(DockerEngine.Reply r, String phrase) {
    return (r.status() == 409 || r.status() == 500) && engine.message(r).contains(phrase);
  }

  private DockerEngine.Reply post(String id, String action) {
    return engine.call("POST", "/containers/" + pathOf(id) + action, null);
  }

  private DriverException failure(DockerEngine.Reply r, String attempted) {
    return engine.refused(r, attempted, r.status() == 404 ? Kind.NO_SUCH_CONTAINER : Kind.FAILED);
  }

  /** A path segment (ids, names, image references keep their '/' and ':'). */
  static String pathOf(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty container or image name");
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/:@".indexOf(c) >= 0) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return sb.toString();
  }

  static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    for (ExitWatcher w : watchers) {
      w.close();
    }
    watchers.clear();
    for (OutputFollower f : followers) {
      f.close();
    }
    followers.clear();
    if (ownsEngine) {
      engine.close();
    }
  }
}
