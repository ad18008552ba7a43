package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** An alloc and its execs as people read them. */
final class AllocsView {
  private AllocsView() {}

  static void printAlloc(PrintStream out, JsonNode a) {
    line(out, "ID", a.path("id").asText());
    line(out, "NODE", a.path("node_id").asText());
    line(out, "OWNER", a.path("owner").asText());
    line(out, "STATE", a.path("state").asText());
    line(out, "RESOURCES", ResourceOptions.describe(a.path("resources")));
    StringBuilder labels = new StringBuilder();
    a.path("labels").properties().forEach(e ->
        labels.append(labels.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText()));
    line(out, "LABELS", labels.toString());
    line(out, "CREATED", Fields.text(a, "created_at"));
    line(out, "KEEPALIVE", Fields.text(a, "last_keepalive_at"));
    line(out, "EXPIRES", Fields.text(a, "expires_at"));
    if (a.hasNonNull("ended_at")) {
      line(out, "ENDED", Fields.text(a, "ended_at"));
    }
    if (a.path("execs").isEmpty()) {
      line(out, "EXECS", "none");
      return;
    }
    out.println("EXECS");
    Table t = new Table("ID", "STATE", "EXIT", "OOM", "IMAGE", "CMD", "ERROR");
    a.path("execs").forEach(e -> t.row(e.path("id").asText(), e.path("state").asText(), Fields.text(e, "exit_code"),
        e.path("oom").asBoolean() ? "yes" : "", Fields.text(e, "image"), cmd(e), Fields.text(e, "error")));
    t.print(out);
  }

  static void printExec(PrintStream out, JsonNode e) {
    Table t = new Table("ID", "ALLOC", "STATE", "EXIT", "IMAGE", "CMD");
    t.row(e.path("id").asText(), e.path("alloc_id").asText(), e.path("state").asText(), Fields.text(e, "exit_code"),
        Fields.text(e, "image"), cmd(e));
    t.print(out);
  }

  static String cmd(JsonNode e) {
    StringBuilder b = new StringBuilder();
    e.path("cmd").forEach(c -> b.append(b.isEmpty() ? "" : " ").append(c.asText()));
    return b.toString();
  }

  private static void line(PrintStream out, String key, String value) {
    out.println(String.format("%-11s%s", key, value).stripTrailing());
  }
}
