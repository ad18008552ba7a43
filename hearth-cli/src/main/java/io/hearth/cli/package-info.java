/**
 * The {@code hearth} command's client half (picocli): apps, fns, triggers, invoke, calls, allocs,
 * node and deploy, talking to a running server over HTTP with {@code java.net.http}.
 *
 * <p>{@link io.hearth.cli.Cli#run} builds the command tree for one run with a {@code
 * Context} (environment and standard streams), so tests run it in-process. {@code ApiClient} maps
 * every outcome to the exit codes (0 ok, 1 server error, 2 usage, 3 unreachable, 4 unauthorized);
 * {@code Lookup} resolves names to ids. {@code deploy} reads a {@code DeployFile} (YAML read by
 * SnakeYAML Engine in {@code DeployYaml}, or JSON) and {@code Deployer} creates or updates what differs. {@code allocs}
 * ({@code AllocsCommand} and its exec, log and files commands) prints the leases API's JSON through
 * {@code ApiClient} like the rest, and uses hearth-client's typed {@code AllocsClient} for streams
 * (logs, files) and its {@code LeaseKeeper} for {@code create --hold} ({@code AllocHold}).
 */
package io.hearth.cli;
