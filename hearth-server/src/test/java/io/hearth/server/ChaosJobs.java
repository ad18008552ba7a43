package io.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The chaos test's jobs and what it checks of each at the end: seeded random priorities, memory,
 * run times and exit codes; every job final exactly once (complete with exactly one complete
 * attempt, or cancelled with a reason), its attempts' intervals never overlapping. Pure.
 */
final class ChaosJobs {
  private ChaosJobs() {}

  /** The body of job {@code i}: sh writing to /out, sleeping 0 to 2 s, a tenth exiting 1 to 3. */
  static String body(int i, Random rnd, String image, String run) {
    int priority = 1 + rnd.nextInt(1000);
    long ram = (16L + rnd.nextInt(49)) << 20;
    String sleep = List.of("0", "0.3", "0.5", "1", "1.5", "2").get(rnd.nextInt(6));
    int exit = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(3) : 0;
    String script = "echo job " + i + "; echo " + i + " > /out/r.txt; sleep " + sleep + "; exit " + exit;
    return "{\"name\":\"chaos-" + i + "\",\"image\":\"" + image + "\",\"command\":[\"sh\",\"-c\",\"" + script + "\"],"
        + "\"priority\":" + priority + ",\"constraints\":{\"vcpus\":1,\"ram_bytes\":" + ram + "},"
        + "\"labels\":{\"chaos\":\"" + run + "\"}}";
  }

  /** What the checks found over every job. */
  static final class Tally {
    final Map<String, Integer> outcomes = new TreeMap<>();
    final List<String> problems = new ArrayList<>();
    int attempts;
    int retried;
    int nonZeroExits;
    int startFailures; // jobs whose warning says a start failed at least once

    /** Checks one final job and its attempts ({@code GET /v2/jobs/{id}/attempts} items). */
    void add(JsonNode job, JsonNode attemptItems) {
      String id = job.get("id").asText();
      String state = job.get("state").asText();
      String error = job.path("runtime_status").path("error").asText("");
      if (job.path("runtime_status").path("warning").asText("").contains("start")) {
        startFailures++;
      }
      switch (state) {
        case "complete" -> {
          outcomes.merge(job.get("exit_code").asInt() == 0 ? "complete, exit 0" : "complete, exit != 0", 1, Integer::sum);
          if (job.get("exit_code").asInt() != 0) {
            nonZeroExits++;
          }
        }
        case "cancelled" -> {
          if (error.isEmpty()) {
            problems.add(id + " is cancelled without a reason: " + job);
          }
          outcomes.merge("cancelled: " + reason(error), 1, Integer::sum);
        }
        default -> problems.add(id + " is not final: " + state);
      }
      List<JsonNode> items = new ArrayList<>();
      attemptItems.forEach(items::add);
      items.sort(java.util.Comparator.comparingInt(a -> a.get("attempt").asInt()));
      attempts += items.size();
      if (items.size() > 1) {
        retried++;
      }
      long complete = items.stream().filter(a -> a.get("state").asText().equals("complete")).count();
      if (state.equals("complete") && complete != 1) {
        problems.add(id + " is complete with " + complete + " complete attempts: " + attemptItems);
      }
      if (state.equals("cancelled") && complete != 0) {
        problems.add(id + " is cancelled but an attempt completed: " + attemptItems);
      }
      for (int k = 0; k < items.size(); k++) {
        JsonNode a = items.get(k);
        if (a.get("state").asText().equals("running")) {
          problems.add(id + " attempt " + a.get("attempt") + " is still running after the job ended");
        }
        if (k + 1 < items.size()) {
          Instant end = time(a, "finished_at");
          Instant nextStart = time(items.get(k + 1), "started_at");
          if (end == null || nextStart == null || nextStart.isBefore(end)) {
            problems.add(id + ": attempt " + items.get(k + 1).get("attempt") + " started at " + nextStart
                + ", before attempt " + a.get("attempt") + " ended at " + end);
          }
        }
      }
    }

    private static Instant time(JsonNode n, String field) {
      return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }

    /** The reason's kind: its first words, without job-specific figures. */
    static String reason(String error) {
      String r = error.replaceAll("[0-9]+", "N");
      return r.length() > 70 ? r.substring(0, 70) + "..." : r;
    }
  }
}
