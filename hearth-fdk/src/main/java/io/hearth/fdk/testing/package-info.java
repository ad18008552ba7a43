/**
 * Test-only hooks into the FDK, for functions that exercise the agent's handling of broken
 * functions (the samples' {@code TestFn}). {@link io.hearth.fdk.testing.RawConnection} reaches the
 * socket under a call. The FDK's response implementation implements it, so the main package's
 * public API ({@code FnResponse}) stays free of contract-breaking methods.
 */
package io.hearth.fdk.testing;
