/**
 * The runner protocol: what an lb and a runner say to each other, and nothing of either side.
 *
 * <p>One gRPC stream per call ({@link io.hearth.protocol.RunnerProtocol#CALL}): the lb sends a
 * {@code TryCall} and the body; the runner refuses (nothing was done) or commits, then streams the
 * answer and says how the call finished. A unary {@code Status} reports a runner's load. Messages
 * are records ({@link io.hearth.protocol.ToRunner}, {@link io.hearth.protocol.FromRunner},
 * {@link io.hearth.protocol.RunnerStatus}) encoded by {@link io.hearth.protocol.WireCodec}; the
 * version travels in every try-call. {@link io.hearth.protocol.RunnerTls} builds both sides' TLS
 * credentials from PEM files.
 */
package io.hearth.protocol;
