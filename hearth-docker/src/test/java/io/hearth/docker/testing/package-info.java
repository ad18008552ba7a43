/**
 * Test fixtures for any module's Docker integration tests, shipped in hearth-docker's test-jar.
 *
 * <ul>
 *   <li>{@link io.hearth.docker.testing.TestDocker}: the shared engine and driver; skips a test when
 *       no engine answers; labels ({@code io.hearth.test=true} plus this JVM's run id) and removal
 *       at JVM exit of what this run created.</li>
 *   <li>{@link io.hearth.docker.testing.TestImages}: function images built once per JVM from the
 *       classpath entries holding some marker classes, tagged {@code hearth-test/<name>:<hash>} on
 *       a {@code hearth-test/jre} base. The base image is kept between runs as a build cache (it is
 *       test-only and labelled {@code io.hearth.test=true}); function images this JVM built are
 *       removed at exit.</li>
 *   <li>{@code fn}: tiny mains to run in containers ({@code HelloMain} prints and exits,
 *       {@code ReadyMain} does the ready half of Fn's contract and waits, {@code TickMain} prints
 *       a line every interval).</li>
 * </ul>
 */
package io.hearth.docker.testing;
