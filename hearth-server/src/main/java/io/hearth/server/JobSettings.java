package io.hearth.server;

import java.util.List;

/**
 * The settings of a node's job dispatcher. Parsed with the rest of {@link ServerConfig}; {@link
 * #SETTINGS} are part of its table.
 *
 * @param dispatcher         whether this node runs a dispatcher (off: the queue only, for an outside
 *                           dispatcher using the lock API)
 * @param instanceTypesFile  {@code HEARTH_INSTANCE_TYPES}: the node classes' file; empty on an
 *                           all-in-one node: one implicit class of its own capacity
 * @param instanceType       {@code HEARTH_INSTANCE_TYPE}: the class this node declares, one of that file's
 *                           (required with it on an all-in-one node; a runner without one is a class of
 *                           its own capacity; an api node declares none)
 * @param maxOutputBytes     the largest tar of a job's {@code /out} kept
 * @param faultExecStartRate test only: the share of exec container starts that fail on purpose (0: none)
 */
public record JobSettings(boolean dispatcher, String instanceTypesFile, String instanceType, long maxOutputBytes,
    double faultExecStartRate) {

  static final List<ServerConfig.Setting> SETTINGS = List.of(
      new ServerConfig.Setting("HEARTH_DISPATCHER", null, "true", "whether this node runs jobs from the queue "
          + "(false: the queue only, for an outside dispatcher using /v2/jobs/{id}/lock)"),
      new ServerConfig.Setting("HEARTH_INSTANCE_TYPES", null, "", "file of the node classes jobs are placed on "
          + "(one a line: name vcpus= ram= scratch= gpus= price= preemptible=); empty on an all-in-one node: one "
          + "implicit class of the node's capacity"),
      new ServerConfig.Setting("HEARTH_INSTANCE_TYPE", null, "", "the class this node declares, one of "
          + "HEARTH_INSTANCE_TYPES (required with it on an all-in-one node); on a runner, in its offers: an api "
          + "node's dispatcher places jobs of that class on it (none: a class of the runner's own capacity)"),
      new ServerConfig.Setting("HEARTH_JOB_MAX_OUTPUT_BYTES", null, Long.toString(64L << 20), "largest tar of a "
          + "job's /out kept; a larger one is not kept and the job's runtime_status.warning says so"),
      new ServerConfig.Setting("HEARTH_FAULT_EXEC_START_RATE", null, "0", "TEST ONLY: the share (0 to 1) of exec "
          + "container starts that fail on purpose, for chaos tests; never set it in production"));

  public JobSettings {
    if (!(faultExecStartRate >= 0 && faultExecStartRate <= 1)) {
      throw new IllegalArgumentException("HEARTH_FAULT_EXEC_START_RATE must be from 0 to 1, not " + faultExecStartRate);
    }
  }

  static JobSettings parse(ServerConfig.Reader r) {
    String rate = r.text("HEARTH_FAULT_EXEC_START_RATE");
    double fault;
    try {
      fault = Double.parseDouble(rate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("HEARTH_FAULT_EXEC_START_RATE must be a number from 0 to 1, not '" + rate + "'");
    }
    return new JobSettings(r.bool("HEARTH_DISPATCHER"), r.text("HEARTH_INSTANCE_TYPES"), r.text("HEARTH_INSTANCE_TYPE"),
        r.number("HEARTH_JOB_MAX_OUTPUT_BYTES", 0, 256L << 20), fault);
  }
}
