/**
 * The runner protocol: what an lb and a runner say to each other, and nothing of either side.
 *
 * <p>One gRPC stream per call ({@link io.hearth.protocol.RunnerProtocol#CALL}): the lb sends a
 * {@code TryCall} and the body; the runner refuses (nothing was done) or commits, then streams the
 * answer and says how the call finished. A unary {@code Status} reports a runner's load. Messages
 * are records ({@link io.hearth.protocol.ToRunner}, {@link io.hearth.protocol.FromRunner},
 * and the runner's {@link io.hearth.core.status.NodeStatus}); on the wire they are the protobuf
 * messages of {@code src/main/protobuf/hearth/runner/runner.proto}, the contract another language
 * implements, compiled in the build ({@link io.hearth.protocol.wire}) and mapped to the records by
 * {@link io.hearth.protocol.WireMessages}. The version travels in every try-call. {@link io.hearth.protocol.RunnerTls} builds both sides' TLS
 * credentials from PEM files.
 */
package io.hearth.protocol;
