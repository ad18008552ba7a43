/**
 * A fake container engine for unit tests of the node: {@link io.hearth.testkit.driver.FakeContainerDriver}
 * implements core's {@code ContainerDriver} with FDK servers in the test's process, each
 * {@link io.hearth.testkit.driver.FakeBehavior} choosing start latency (on a manual clock), start
 * failures, exits and sockets that never appear.
 */
package io.hearth.testkit.driver;
