/**
 * Functions bundled with Hearth, each a {@code main} that calls {@link io.hearth.fdk.Fdk#handle}:
 * {@link io.hearth.samples.Hello}, the quick start, and {@link io.hearth.samples.TestFn}, whose
 * behaviour per call is chosen by its body (echo, sleep, statuses, raw protocol breakage, memory and
 * thread probes, exits) so that the agent's handling of every kind of function can be tested with
 * one image. See the module's README for the commands.
 */
package io.hearth.samples;
