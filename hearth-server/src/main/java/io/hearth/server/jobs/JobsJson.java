package io.hearth.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearth.server.leases.LeaseJson;
import io.hearth.store.Page;
import io.hearth.store.jobs.AttemptRow;
import io.hearth.store.jobs.JobRow;
import java.time.Instant;
import java.util.List;

/**
 * Writes jobs, attempts and pages as the API shows them: issue 12's record fields in snake case,
 * times as the call and alloc records' (UTC, milliseconds), and only the names of a job's
 * environment ({@code env_names}), never its values, which may be secrets. Stateless.
 */
final class JobsJson {
  private final ObjectMapper mapper;

  JobsJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode job(JobRow j) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", j.id());
    n.put("name", j.name());
    n.put("image", j.image());
    ArrayNode cmd = n.putArray("command");
    j.command().forEach(cmd::add);
    ArrayNode env = n.putArray("env_names");
    j.env().keySet().forEach(env::add);
    n.put("priority", j.priority().value());
    ObjectNode c = n.putObject("constraints");
    c.put("vcpus", j.constraints().vcpus());
    c.put("ram_bytes", j.constraints().ramBytes());
    c.put("scratch_bytes", j.constraints().scratchBytes());
    c.put("gpus", j.constraints().gpus());
    ObjectNode s = n.putObject("scheduling");
    s.put("preemptible", j.scheduling().preemptible());
    s.put("max_run_time_secs", j.scheduling().maxRunTimeSecs());
    s.put("max_attempts", j.scheduling().maxAttempts());
    ObjectNode labels = n.putObject("labels");
    j.labels().forEach(labels::put);
    n.put("state", j.state().wire());
    if (j.exitCode() == null) {
      n.putNull("exit_code");
    } else {
      n.put("exit_code", j.exitCode());
    }
    ObjectNode rs = n.putObject("runtime_status");
    rs.put("error", j.runtimeStatus().error());
    rs.put("warning", j.runtimeStatus().warning());
    rs.put("activity", j.runtimeStatus().activity());
    n.put("lock_count", j.lockCount());
    n.put("locked_by", j.lockedBy());
    n.put("attempt", j.attempt());
    n.put("instance_type", j.instanceType());
    n.put("alloc_id", j.allocId());
    n.put("node_id", j.nodeId());
    n.put("created_at", time(j.createdAt()));
    n.put("first_seen_at", time(j.firstSeenAt()));
    n.put("started_at", time(j.startedAt()));
    n.put("finished_at", time(j.finishedAt()));
    return n;
  }

  ObjectNode attempt(AttemptRow a) {
    ObjectNode n = mapper.createObjectNode();
    n.put("job_id", a.jobId());
    n.put("attempt", a.attempt());
    n.put("state", a.state().wire());
    n.put("node_id", a.nodeId());
    n.put("alloc_id", a.allocId());
    n.put("exec_id", a.execId());
    if (a.exitCode() == null) {
      n.putNull("exit_code");
    } else {
      n.put("exit_code", a.exitCode());
    }
    n.put("error", a.error());
    n.put("started_at", time(a.startedAt()));
    n.put("finished_at", time(a.finishedAt()));
    return n;
  }

  ObjectNode page(Page<JobRow> page) {
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    page.items().forEach(j -> items.add(job(j)));
    if (page.nextCursor() != null) {
      out.put("next_cursor", page.nextCursor());
    }
    return out;
  }

  ObjectNode attempts(List<AttemptRow> attempts) {
    ObjectNode out = mapper.createObjectNode();
    ArrayNode items = out.putArray("items");
    attempts.forEach(a -> items.add(attempt(a)));
    return out;
  }

  ObjectNode message(String message) {
    return mapper.createObjectNode().put("message", message);
  }

  byte[] bytes(JsonNode n) {
    try {
      return mapper.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  private static String time(Instant t) {
    return t == null ? null : LeaseJson.time(t);
  }
}
