/** Fakes of the leases seams for unit tests: {@link io.hearth.testkit.lease.FakeExecRunner}. */
package io.hearth.testkit.lease;
