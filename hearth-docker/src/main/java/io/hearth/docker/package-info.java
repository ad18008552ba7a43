/**
 * Hearth's container driver over the Docker Engine API, and the builder of function images that
 * needs no registry.
 *
 * <h2>Flow</h2>
 * <ul>
 *   <li>{@link io.hearth.docker.DockerEngine} speaks HTTP/1.1 over the engine's unix socket (the
 *       connections of {@code hearth-uds}), negotiates the API version once ({@code GET /_ping},
 *       the older of the engine's and 1.43), bounds every exchange with a watchdog that aborts the
 *       connection, and turns engine refusals ({@code {"message": ...}}) into
 *       {@link io.hearth.core.driver.DriverException}s that quote the engine.</li>
 *   <li>{@link io.hearth.docker.DockerDriver} implements
 *       {@link io.hearth.core.driver.ContainerDriver}: a {@code ContainerSpec} becomes a hardened
 *       create request (Fn's: no network, read-only rootfs with tmpfs /tmp, all capabilities dropped,
 *       no-new-privileges, memory = memory+swap, pids and nofile limits, docker-init); images are
 *       pulled when missing (Fn's wording for failures); container deaths are followed on the
 *       engine's event stream.</li>
 *   <li>{@link io.hearth.docker.ImageBuilder} jlinks a runtime from the running JDK, adds the host
 *       libraries it links (ldd) into a {@code FROM scratch} base image, and puts a function's
 *       classpath on top; build contexts are tar files written by {@link io.hearth.docker.TarWriter}.</li>
 *   <li>{@link io.hearth.docker.LogFrames} reads the engine's multiplexed stdout/stderr stream;
 *       {@link io.hearth.docker.OutputFollower} ({@code DockerDriver.followOutput}) follows a
 *       container's output live from before its start, over an attach connection, handing pieces
 *       to an {@link io.hearth.docker.OutputListener} on a virtual thread.</li>
 * </ul>
 *
 * <h2>Vocabulary</h2>
 * <dl>
 *   <dt>base image</dt><dd>{@code <repo>/jre:<jdk version>-<hash>}: runtime at {@code /jre}, no shell.</dd>
 *   <dt>function image</dt><dd>base + {@code /function/lib/NNN-name.jar}, entrypoint {@code /jre/bin/java}.</dd>
 *   <dt>watchdog</dt><dd>per-call timer that aborts a hung exchange's connection.</dd>
 * </dl>
 */
package io.hearth.docker;
