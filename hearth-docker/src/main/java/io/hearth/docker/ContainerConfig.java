package io.hearth.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.core.driver.ContainerSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a {@link ContainerSpec} to the body of {@code POST /containers/create}, with Fn's hardening:
 * no network, read-only rootfs with a tmpfs /tmp, no capabilities, no new privileges, memory equal
 * to memory+swap, pids and open-files limits, docker-init as PID 1, small rotated json-file logs
 * (or as large as the spec asks: exec containers keep their whole bounded output there), and for
 * function containers a short stop timeout. Function and exec containers get the same hardening; an exec's spec adds a command and bind mounts and has
 * no socket directory. Pure and stateless.
 */
final class ContainerConfig {
  /** The engine's log of a container is only for post-mortems; the agent streams call logs itself. */
  static final String LOG_MAX_SIZE = "1m";
  /**
   * Seconds the engine waits after a function container's stop signal before it kills it, when
   * the engine itself stops the container (its own shutdown, {@code docker stop}); Hearth never
   * stops containers so, it kills them. A frozen container cannot handle SIGTERM (the engine does
   * not know the cgroup freezer froze it), so with the engine's default of 10 s its shutdown
   * waited 10 s on each; runc thaws a v1-frozen container for SIGKILL, which then ends it.
   */
  static final int FUNCTION_STOP_TIMEOUT_SECONDS = 1;

  private ContainerConfig() {}

  static ObjectNode createBody(ContainerSpec spec, ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("Image", spec.image());
    ArrayNode env = body.putArray("Env");
    new TreeMap<>(spec.env()).forEach((k, v) -> env.add(k + "=" + v));
    ObjectNode labels = body.putObject("Labels");
    new TreeMap<>(spec.labels()).forEach(labels::put);
    if (!spec.user().isEmpty()) {
      body.put("User", spec.user());
    }
    body.put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false).put("Tty", false);
    body.put("OpenStdin", false);
    if (!spec.cmd().isEmpty()) {
      ArrayNode cmd = body.putArray("Cmd");
      spec.cmd().forEach(cmd::add);
    }
    if (spec.socketDir() != null) { // a function container: frozen when idle; exec containers keep the default
      body.put("StopTimeout", FUNCTION_STOP_TIMEOUT_SECONDS);
    }
    body.set("HostConfig", hostConfig(spec, json));
    return body;
  }

  private static ObjectNode hostConfig(ContainerSpec spec, ObjectMapper json) {
    ObjectNode h = json.createObjectNode();
    h.put("NetworkMode", "none");
    ArrayNode binds = h.putArray("Binds");
    if (spec.socketDir() != null) {
      binds.add(bindSource(spec.socketDir(), "socket directory") + ":" + ContainerSpec.CONTAINER_SOCKET_DIR);
    }
    for (ContainerSpec.Mount m : spec.mounts()) {
      if (m.target().indexOf(':') >= 0 || m.target().indexOf(',') >= 0) {
        throw new IllegalArgumentException("mount target must not contain ':' or ',': " + m.target());
      }
      binds.add(bindSource(m.hostDir(), "mounted directory") + ":" + m.target() + (m.readOnly() ? ":ro" : ":rw"));
    }
    if (spec.memoryBytes() > 0) {
      h.put("Memory", spec.memoryBytes());
      h.put("MemorySwap", spec.memoryBytes()); // equal to Memory: no swap
    }
    if (spec.cpuMillis() > 0) {
      h.put("NanoCpus", spec.cpuMillis() * 1_000_000L);
    }
    if (spec.pidsLimit() > 0) {
      h.put("PidsLimit", spec.pidsLimit());
    }
    if (spec.nofile() > 0) {
      h.putArray("Ulimits").addObject().put("Name", "nofile").put("Soft", spec.nofile()).put("Hard", spec.nofile());
    }
    h.put("ReadonlyRootfs", spec.readOnlyRootfs());
    // /tmp is a tmpfs whether or not the rootfs is read-only, so functions see the same filesystem.
    String tmpfs = "mode=1777" + (spec.tmpfsBytes() > 0 ? ",size=" + spec.tmpfsBytes() : "");
    h.putObject("Tmpfs").put("/tmp", tmpfs);
    h.put("Init", true);
    h.putArray("CapDrop").add("ALL");
    h.putArray("SecurityOpt").add("no-new-privileges");
    ObjectNode log = h.putObject("LogConfig").put("Type", "json-file");
    String logSize = spec.engineLogBytes() > 0 ? Long.toString(spec.engineLogBytes()) : LOG_MAX_SIZE;
    log.putObject("Config").put("max-size", logSize).put("max-file", "1");
    h.put("AutoRemove", false);
    h.putObject("RestartPolicy").put("Name", "no");
    return h;
  }

  private static String bindSource(Path dir, String what) {
    String source = dir.toAbsolutePath().normalize().toString();
    if (source.indexOf(':') >= 0 || source.indexOf(',') >= 0) {
      throw new IllegalArgumentException(what + " must not contain ':' or ',': " + source);
    }
    return source;
  }

  /** The {@code filters} query value matching containers that carry all these labels. */
  static String labelFilter(ObjectMapper json, Map<String, String> labels, Map<String, String[]> more) {
    ObjectNode f = json.createObjectNode();
    more.forEach((k, vs) -> {
      ArrayNode a = f.putArray(k);
      for (String v : vs) {
        a.add(v);
      }
    });
    ArrayNode l = f.putArray("label");
    new TreeMap<>(labels).forEach((k, v) -> l.add(k + "=" + v));
    return f.toString();
  }
}
