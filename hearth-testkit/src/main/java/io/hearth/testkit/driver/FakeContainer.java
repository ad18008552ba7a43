package io.hearth.testkit.driver;

import io.hearth.core.driver.ContainerSpec;
import io.hearth.fdk.FdkServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One container as the {@link FakeContainerDriver} sees it: its spec and behaviour, its state, its
 * FDK server once it listens, and its log with the followers of it. Every mutable field is guarded
 * by the driver's monitor.
 */
public final class FakeContainer {
  final String id;
  final ContainerSpec spec;
  final FakeBehavior behavior;
  boolean started;
  boolean running;
  boolean paused;
  boolean removed;
  int exitCode;
  boolean oomKilled;
  FdkServer server;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  final List<FakeContainerDriver.LogFollower> logFollowers = new ArrayList<>();

  FakeContainer(String id, ContainerSpec spec, FakeBehavior behavior) {
    this.id = id;
    this.spec = spec;
    this.behavior = behavior;
  }

  public String id() {
    return id;
  }

  public ContainerSpec spec() {
    return spec;
  }
}
