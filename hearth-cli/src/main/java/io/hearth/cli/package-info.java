/**
 * The {@code hearth} command's client half (picocli): apps, fns, triggers, invoke, calls, node and
 * deploy, talking to a running server over HTTP with {@code java.net.http}.
 *
 * <p>{@link io.hearth.cli.Cli#run} builds the command tree for one run with a {@code
 * Context} (environment and standard streams), so tests run it in-process. {@code ApiClient} maps
 * every outcome to the exit codes (0 ok, 1 server error, 2 usage, 3 unreachable, 4 unauthorized);
 * {@code Lookup} resolves names to ids. {@code deploy} reads a {@code DeployFile} (the YAML subset
 * of {@code MiniYaml}, or JSON) and {@code Deployer} creates or updates what differs.
 */
package io.hearth.cli;
