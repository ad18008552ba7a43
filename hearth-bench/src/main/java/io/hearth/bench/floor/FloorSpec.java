package io.hearth.bench.floor;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.core.slot.SlotKey;
import io.hearth.server.ServerConfig;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes containers exactly like the ones the node's agent makes for a function (same image,
 * environment, limits and hardening: see ContainerLauncher.spec and HearthServer's AgentConfig), but
 * owned by the benchmark and called without Hearth: the floors.
 *
 * @param slot   the function's slot key, from the node
 * @param config the node's settings (pids limit, read-only rootfs)
 * @param labels the benchmark's labels; never the node's, so the node leaves these alone
 * @param root   directory under which each container gets its socket directory (keep it short)
 */
public record FloorSpec(SlotKey slot, ServerConfig config, Map<String, String> labels, Path root) {
  private static final long MB = 1024 * 1024;
  /** The agent's open-files limit (HearthServer passes 350 to AgentConfig). */
  private static final long NOFILE = 350;
  /** The agent's container user. */
  private static final String USER = "1000:1000";

  /** A new container's name and socket directory. */
  record Instance(String name, Path socketDir) {}

  Instance next() {
    String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    return new Instance("hearth-bench-floor-" + suffix, root.resolve(suffix));
  }

  ContainerSpec spec(Instance i) {
    return new ContainerSpec(i.name(), slot.image(), slot.env(), labels, i.socketDir(), slot.memoryMb() * MB,
        slot.cpuMillis(), config.maxPids(), NOFILE, config.readOnlyRootfs(), 0, USER);
  }
}
