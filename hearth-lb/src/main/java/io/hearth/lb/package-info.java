/**
 * The lb: places each call on a runner and relays its answer.
 *
 * <p>{@link io.hearth.lb.LbCaller} reads the body, asks the placer for a walk over the
 * {@link io.hearth.lb.RunnerPool}'s published views and tries runners in turn, each try a
 * {@link io.hearth.lb.RemoteAttempt} (refused or unreachable: the next runner; committed: the call is
 * that runner's, never placed twice). The pool keeps membership ({@link io.hearth.lb.Membership},
 * from a fixed list or the runners table) and each runner's last status.
 */
package io.hearth.lb;
