package io.hearth.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The client half of the {@code hearth} command: talks to a running server over HTTP. The server
 * is {@code --url}, else {@code HEARTH_URL}, else http://127.0.0.1:8080; the token, when the server
 * wants one, is {@code HEARTH_API_TOKEN}. Exit codes: 0 done, 1 the server answered an error (its
 * message is printed), 2 wrong usage, 3 no server answered, 4 the token was missing or wrong.
 */
public final class Cli {
  /** The first words this class handles; {@code Main} runs the others (server, image, ...). */
  public static final Set<String> COMMANDS = Set.of("apps", "fns", "triggers", "invoke", "calls", "allocs", "jobs",
      "node", "deploy");

  /** Lines for the command's usage text. */
  public static final String USAGE = """
        apps create|list|get|update|delete ...      apps, by name
        fns create|list|get|update|delete APP ...   an app's functions
        triggers create|list|get|update|delete APP ...
                                        HTTP triggers (/t/APP/SOURCE)
        invoke APP FN [--data TEXT]     call a function (body from --data or standard input)
        calls list|get|log APP FN ...   a function's call records and logs
        allocs offers|create|get|list|keepalive|free|exec|log|files ...
                                        leased allocations and the containers run in them
        jobs submit|list|get|cancel|priority|log|output|wait ...
                                        the job queue: batch containers run to completion
        node status                     the node's containers and resources
        deploy [-f hearth.yaml]         create or update an app, its functions and triggers from a file
                                        (client commands take --url URL and --json; add --help for more)
      """;

  private Cli() {}

  public static boolean handles(String command) {
    return COMMANDS.contains(command);
  }

  @Command(name = "hearth", mixinStandardHelpOptions = true,
      description = "Hearth's client: talks to a running server over HTTP.")
  private static final class Root {}

  /**
   * Runs a client command with these streams and environment (tests run it in-process).
   *
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    return run(args, new Context(env, in, out, err));
  }

  /** The same with a context of the test's (its clock, its stop trigger). */
  static int run(String[] args, Context ctx) {
    PrintStream out = ctx.out();
    PrintStream err = ctx.err();
    CommandLine cl = new CommandLine(new Root())
        .addSubcommand(new AppsCommand(ctx))
        .addSubcommand(new FnsCommand(ctx))
        .addSubcommand(new TriggersCommand(ctx))
        .addSubcommand(new InvokeCommand(ctx))
        .addSubcommand(new CallsCommand(ctx))
        .addSubcommand(new CommandLine(new AllocsCommand(ctx))
            .addSubcommand(new AllocsExecCommand(ctx))
            .addSubcommand(new AllocsLogCommand(ctx))
            .addSubcommand(new AllocsFilesCommand(ctx)))
        .addSubcommand(new CommandLine(new JobsCommand(ctx))
            .addSubcommand(new JobsLogCommand(ctx))
            .addSubcommand(new JobsOutputCommand(ctx))
            .addSubcommand(new JobsWaitCommand(ctx)))
        .addSubcommand(new NodeCommand(ctx))
        .addSubcommand(new DeployCommand(ctx));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof CliFailure f) {
        err.println("hearth: " + f.getMessage());
        return f.exitCode;
      }
      err.println("hearth: " + e);
      e.printStackTrace(err);
      return CliFailure.SERVER_ERROR;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
