/**
 * The runner node: serves the runner protocol ({@link io.hearth.runner.RunnerService} behind
 * {@link io.hearth.runner.RunnerServer}), runs each call it admits on its agent
 * ({@link io.hearth.runner.LocalAgent}), heartbeats into the runners table
 * ({@link io.hearth.runner.Heartbeat}) and records the calls it commits
 * ({@link io.hearth.runner.CallRecording}).
 */
package io.hearth.runner;
