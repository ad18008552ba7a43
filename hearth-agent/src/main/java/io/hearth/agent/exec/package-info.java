/**
 * Execs on the node's container engine: {@link io.hearth.agent.exec.DockerExecRunner} runs each
 * exec of a leased alloc as a container to completion, with the hardening function containers get,
 * the alloc's scratch directory at {@code /alloc}, and labels naming the node ({@code
 * io.hearth.exec.node}, not the function agent's {@code io.hearth.node}, so they outlive a restart),
 * the alloc and the exec.
 *
 * <p>Flow: start = ensure the image, make the scratch directory the exec user's, create, start,
 * follow the engine's log of the container into the exec's bounded log file; end = the die event or
 * the log's end, then inspect: exit 0 succeeded, another code or out of memory failed, a kill or a
 * timeout by Hearth killed. Adopt (after a restart) follows an existing container the same way, the
 * log file re-captured from the engine's log.
 *
 * <p>Pure parts: {@link io.hearth.agent.exec.ExecSpecs} (names, labels, the container spec) and
 * {@link io.hearth.agent.exec.ExecEnds} (outcomes); the rest is the thin shell.
 */
package io.hearth.agent.exec;
