package io.hearth.server;

import io.hearth.docker.DockerDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code hearth server} for the cluster roles (api, lb, runner): parses {@code --role}, starts the
 * node, prints where it listens, and on a signal stops it — a runner drains first.
 */
final class RoleMain {
  static final String USAGE_LINE = "server [--role all|api|lb|runner]";

  private RoleMain() {}

  /** The environment with {@code --role ROLE} (or {@code --role=ROLE}) from the arguments on top. */
  static Map<String, String> environment(List<String> args, Map<String, String> env) {
    Map<String, String> out = new HashMap<>(env);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--role") && i + 1 < args.size()) {
        out.put("HEARTH_NODE_TYPE", Role.parse(args.get(++i)).label());
      } else if (a.startsWith("--role=")) {
        out.put("HEARTH_NODE_TYPE", Role.parse(a.substring("--role=".length())).label());
      } else {
        throw new IllegalArgumentException("unknown server option '" + a + "': use " + USAGE_LINE);
      }
    }
    return out;
  }

  /**
   * Runs an api, lb or runner node until the process is told to stop (then -1: the JVM is exiting),
   * or — a runner with {@code HEARTH_IDLE_STOP_SECS} — until it has been idle that long: then it is
   * drained and stopped here, and the exit code is 0.
   */
  static int run(ServerConfig config) throws Exception {
    AutoCloseable node;
    AutoCloseable driver = () -> { };
    String where;
    java.util.concurrent.CompletableFuture<java.time.Duration> idle = new java.util.concurrent.CompletableFuture<>();
    AutoCloseable idleClose = () -> { };
    switch (config.cluster().role()) {
      case API -> {
        ApiNode api = ApiNode.start(config);
        node = api;
        where = "http://" + config.host() + ":" + api.port();
      }
      case LB -> {
        LbNode lb = LbNode.start(config);
        node = lb;
        where = "http://" + config.host() + ":" + lb.port();
      }
      case RUNNER -> {
        DockerDriver docker = DockerDriver.open(config.dockerSocket(), io.hearth.core.time.Clock.system(),
            config.imageRegistries());
        driver = docker;
        try {
          RunnerNode runner = RunnerNode.start(config, docker);
          node = runner;
          idle = runner.idleStop();
          idleClose = runner::closeIdle;
          where = "grpc " + runner.address() + " as node " + runner.nodeId() + ", HTTP on http://" + config.host()
              + ":" + runner.httpPort();
        } catch (Exception e) {
          docker.close();
          throw e;
        }
      }
      default -> throw new IllegalStateException("the all-in-one node starts in Main");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AutoCloseable d = driver;
    Thread hook = new Thread(() -> {
      System.err.println("hearth: stopping" + (config.cluster().role() == Role.RUNNER
          ? " (draining: running calls finish, new ones go to other runners)..." : "..."));
      stop(node, d);
      stopped.countDown();
    }, "hearth-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    idle.thenRun(stopped::countDown);
    System.out.println("Hearth " + HearthServer.VERSION + " " + config.cluster().role().label() + " is running on "
        + where);
    System.out.println("Stop it with Ctrl-C.");
    stopped.await();
    if (!idle.isDone()) {
      return -1;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return -1; // a signal came too: the hook stops the node, and the JVM is exiting
    }
    System.err.println("hearth: idle for " + idle.get().toSeconds() + " s (HEARTH_IDLE_STOP_SECS): draining and "
        + "stopping...");
    stop(idleClose, d);
    System.err.println("hearth: stopped, idle");
    return 0;
  }

  private static void stop(AutoCloseable node, AutoCloseable driver) {
    try {
      node.close();
      driver.close();
    } catch (Exception e) {
      System.err.println("hearth: stopping failed: " + e);
    }
  }
}
