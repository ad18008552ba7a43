/**
 * Call records ({@link io.hearth.store.calls.CallStore}; tables {@code calls}, {@code call_logs},
 * migration V2): written in batches, one transaction each, the first account of a call kept;
 * listed by function newest first with a keyset cursor on (created_at, id); deleted by the age of
 * their completion (migration V7.2: on the index of V7.1 on completed_at). They
 * have no foreign key to their function, so they outlive it until retention.
 */
package io.hearth.store.calls;
