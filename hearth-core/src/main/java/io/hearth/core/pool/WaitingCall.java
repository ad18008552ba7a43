package io.hearth.core.pool;

import io.hearth.core.slot.SlotKey;
import java.time.Instant;

/** A call waiting for a container; refused at {@code deadline}. */
record WaitingCall(long call, SlotKey slot, Instant since, Instant deadline) {}
