package io.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearth allocs ...}: offers, leased allocations, their keepalives; {@code exec}, {@code log}
 * and {@code files} are {@link AllocsExecCommand}, {@link AllocsLogCommand} and {@link
 * AllocsFilesCommand}.
 */
@Command(name = "allocs", mixinStandardHelpOptions = true,
    description = {"Leased allocations: reserve memory, CPU, disk and GPUs on one node for as long as you keep "
        + "the lease alive, and run containers to completion in them.",
        "An alloc's lease lasts 2 minutes (or --keepalive) and must be renewed ('keepalive', or 'create --hold'); "
        + "an expired alloc keeps running until its room is needed, then it is reclaimed."})
final class AllocsCommand {
  private final Context ctx;

  AllocsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Command(name = "offers", mixinStandardHelpOptions = true,
      description = "What each node has free now, one offer per node (GET /v2/offers); nodes that did not "
          + "answer are named.")
  int offers(@Mixin ClientOptions o) {
    JsonNode offers = ctx.client(o).get("/v2/offers");
    if (o.json) {
      ctx.printJson(offers);
      return 0;
    }
    if (offers.path("items").isEmpty()) {
      ctx.out().println("no node has free memory and CPU now");
    } else {
      Table t = new Table("NODE", "OFFER", "AVAILABLE", "CAPACITY");
      offers.path("items").forEach(f -> t.row(f.path("node_id").asText(), f.path("id").asText(),
          ResourceOptions.describe(f.path("available")), ResourceOptions.describe(f.path("capacity"))));
      t.print(ctx.out());
    }
    if (!offers.path("unreachable").isEmpty()) {
      StringBuilder nodes = new StringBuilder();
      offers.path("unreachable").forEach(n -> nodes.append(nodes.isEmpty() ? "" : ", ").append(n.asText()));
      ctx.out().println("did not answer (their room is unknown): " + nodes);
    }
    return 0;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Reserve resources on one node (POST /v2/allocs): on the node of --offer, else where they fit "
          + "closest. Prints the alloc; its id names its node.",
          "With --hold the command stays, renewing the lease 30 s before each grant ends (retrying failures), until "
          + "Ctrl-C or kill: it then stops renewing and says so. It does not free the alloc unless --free-on-exit "
          + "is given; otherwise the alloc expires when its lease runs out and is reclaimed once its room is needed "
          + "(free it with 'hearth allocs free ID'). It exits 1 if the lease is lost (reclaimed, freed, or the "
          + "server unreachable)."})
  int create(@Mixin ClientOptions o, @Mixin ResourceOptions resources,
      @Option(names = "--owner", paramLabel = "NAME", description = "who asks (default: $USER)") String owner,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label to list it by (repeat for more)")
      List<String> labels,
      @Option(names = "--keepalive", paramLabel = "SECONDS",
          description = "the lease, renewed by the same each time with --hold (1 to 300; default 120)") Integer keepalive,
      @Option(names = "--offer", paramLabel = "OFFER_ID", description = "take it from this offer ('allocs offers'); "
          + "fails with 'offer expired' if it was taken or changed") String offer,
      @Option(names = "--hold", description = "keep it alive until Ctrl-C (see above)") boolean hold,
      @Option(names = "--free-on-exit", description = "with --hold: free the alloc when stopped (Ctrl-C, kill)")
      boolean freeOnExit,
      @Option(names = {"-q", "--quiet"}, description = "print only the alloc's id") boolean quiet) {
    if (!resources.any()) {
      throw CliFailure.usage("say what to reserve: --memory, --cpus, --disk, --gpus or --resource NAME=N");
    }
    if (keepalive != null && keepalive < 1) {
      throw CliFailure.usage("--keepalive is a whole number of seconds from 1 (at most 300 are granted)");
    }
    if (freeOnExit && !hold) {
      throw CliFailure.usage("--free-on-exit goes with --hold");
    }
    String who = owner != null && !owner.isBlank() ? owner : ctx.env().getOrDefault("USER", "");
    if (who.isBlank()) {
      throw CliFailure.usage("say who owns it: --owner NAME");
    }
    ObjectNode body = ApiClient.JSON.createObjectNode();
    if (offer != null) {
      body.put("offer_id", offer);
    }
    body.set("resources", resources.json());
    body.put("owner", who);
    if (labels != null) {
      body.set("labels", Fields.config(labels));
    }
    if (keepalive != null) {
      body.put("keepalive_secs", keepalive);
    }
    ApiClient api = ctx.client(o);
    JsonNode alloc = api.post("/v2/allocs", body);
    String id = alloc.path("id").asText();
    if (o.json) {
      ctx.printJson(alloc);
    } else if (quiet) {
      ctx.out().println(id);
    } else {
      ctx.out().println("created alloc " + id + " on node " + alloc.path("node_id").asText() + ": "
          + ResourceOptions.describe(alloc.path("resources")) + "; lease until " + alloc.path("expires_at").asText());
      if (!hold) {
        ctx.out().println("keep it alive: hearth allocs keepalive " + id + "   run in it: hearth allocs exec " + id
            + " --image IMAGE -- CMD...");
      }
    }
    ctx.out().flush();
    if (!hold) {
      return 0;
    }
    return new AllocHold(ctx, ctx.allocs(o), id, Duration.ofSeconds(keepalive == null ? 120 : keepalive), freeOnExit)
        .run(leaseLeft(alloc));
  }

  /**
   * What is left of a just-created alloc's lease: its grant (expires_at - last_keepalive_at, free of
   * any difference between the server's clock and this one), or less if this clock says so.
   */
  private Duration leaseLeft(JsonNode alloc) {
    Instant expires = time(alloc, "expires_at");
    Duration grant = Duration.between(time(alloc, "last_keepalive_at"), expires);
    Duration byClock = Duration.between(ctx.clock().instant(), expires);
    return grant.compareTo(byClock) < 0 ? grant : byClock;
  }

  private static Instant time(JsonNode alloc, String field) {
    try {
      return Instant.parse(alloc.path(field).asText());
    } catch (DateTimeParseException e) {
      throw CliFailure.server("the server's alloc has no readable " + field + ": " + alloc.path(field));
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Show one alloc: state, lease, resources and its execs (GET /v2/allocs/ID).")
  int get(@Mixin ClientOptions o, @Parameters(paramLabel = "ALLOC_ID") String id) {
    JsonNode a = ctx.client(o).get("/v2/allocs/" + ApiClient.segment(id));
    if (o.json) {
      ctx.printJson(a);
      return 0;
    }
    AllocsView.printAlloc(ctx.out(), a);
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List allocs, newest first, one page at a time (GET /v2/allocs).")
  int list(@Mixin ClientOptions o,
      @Option(names = "--owner", paramLabel = "NAME", description = "only this owner's") String owner,
      @Option(names = "--state", paramLabel = "STATE", description = "only active, expired, reclaimed or freed ones")
      String state,
      @Option(names = "--per-page", paramLabel = "N", defaultValue = "30") int perPage,
      @Option(names = "--cursor", paramLabel = "CURSOR", description = "the next page, as a previous list printed")
      String cursor) {
    if (state != null && !List.of("active", "expired", "reclaimed", "freed").contains(state)) {
      throw CliFailure.usage("--state is active, expired, reclaimed or freed, not '" + state + "'");
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("owner", owner);
    q.put("state", state);
    q.put("cursor", cursor);
    q.put("per_page", Integer.toString(perPage));
    JsonNode page = ctx.client(o).get("/v2/allocs" + ApiClient.query(q));
    if (o.json) {
      ctx.printJson(page);
      return 0;
    }
    Table t = new Table("ID", "NODE", "OWNER", "STATE", "EXPIRES", "EXECS", "RESOURCES");
    page.path("items").forEach(a -> t.row(a.path("id").asText(), a.path("node_id").asText(), a.path("owner").asText(),
        a.path("state").asText(), a.path("expires_at").asText(), a.path("execs").size(),
        ResourceOptions.describe(a.path("resources"))));
    t.print(ctx.out());
    if (page.hasNonNull("next_cursor") && !page.get("next_cursor").asText().isEmpty()) {
      StringBuilder more = new StringBuilder("more: hearth allocs list");
      q.forEach((k, v) -> {
        if (v != null && !k.equals("cursor") && !k.equals("per_page")) {
          more.append(" --").append(k).append(' ').append(v);
        }
      });
      ctx.out().println(more + " --cursor " + page.get("next_cursor").asText());
    }
    return 0;
  }

  @Command(name = "keepalive", mixinStandardHelpOptions = true,
      description = "Renew an alloc's lease once (POST /v2/allocs/ID/keepalive); an expired alloc is revived. "
          + "Fails with 'alloc expired' (410) once it was reclaimed or freed.")
  int keepalive(@Mixin ClientOptions o, @Parameters(paramLabel = "ALLOC_ID") String id,
      @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "120",
          description = "the lease to ask for, 1 to 300 (default ${DEFAULT-VALUE})") int interval) {
    if (interval < 1) {
      throw CliFailure.usage("--interval is a whole number of seconds from 1 (at most 300 are granted)");
    }
    JsonNode g = ctx.client(o).post("/v2/allocs/" + ApiClient.segment(id) + "/keepalive",
        ApiClient.JSON.createObjectNode().put("interval_secs", interval));
    if (o.json) {
      ctx.printJson(g);
    } else {
      ctx.out().println("alloc " + id + " renewed for " + g.path("granted_secs").asText() + " s, until "
          + g.path("expires_at").asText());
    }
    return 0;
  }

  @Command(name = "free", mixinStandardHelpOptions = true,
      description = "Free an alloc (DELETE /v2/allocs/ID): kills its execs and releases its resources; it stays "
          + "readable as freed, its files and logs until it is collected.")
  int free(@Mixin ClientOptions o, @Parameters(paramLabel = "ALLOC_ID") String id) {
    ApiClient api = ctx.client(o);
    var r = api.exchange("DELETE", "/v2/allocs/" + ApiClient.segment(id), null, null);
    if (r.statusCode() >= 400) {
      throw ApiClient.failure(r);
    }
    if (o.json) {
      ctx.printJson(r.body().length > 0 ? json(r.body()) : api.get("/v2/allocs/" + ApiClient.segment(id)));
    } else {
      ctx.out().println("freed alloc " + id);
    }
    return 0;
  }

  private static JsonNode json(byte[] body) {
    try {
      return ApiClient.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw CliFailure.server("the server's answer is not JSON: " + e.getMessage());
    }
  }
}
