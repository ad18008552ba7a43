package io.hearth.store.jobs;

import io.hearth.core.job.Priority;
import java.util.Map;

/**
 * What a PATCH changes, each null when it stays: the priority (only while the job is not final),
 * the name, the labels (replaced whole).
 */
public record JobPatch(Priority priority, String name, Map<String, String> labels) {

  public JobPatch {
    labels = labels == null ? null : Map.copyOf(labels);
  }

  public static JobPatch priority(Priority priority) {
    return new JobPatch(priority, null, null);
  }
}
