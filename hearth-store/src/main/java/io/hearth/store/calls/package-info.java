/**
 * Call records ({@link io.hearth.store.calls.CallStore}; tables {@code calls}, {@code call_logs},
 * migration V2): written in batches, one transaction each, the first account of a call kept;
 * listed by function newest first with a keyset cursor on (created_at, id); deleted by age. They
 * have no foreign key to their function, so they outlive it until retention.
 */
package io.hearth.store.calls;
