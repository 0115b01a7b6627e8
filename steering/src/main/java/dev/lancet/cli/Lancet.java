package dev.lancet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lancet} command line: thin picocli commands over the library API.
 * Results go to stdout (JSON with {@code --json}), progress and logs to stderr.
 * Any {@link dev.lancet.runtime.LancetException} or bad argument is one line on stderr and exit 2.
 */
@Command(name = "lancet", mixinStandardHelpOptions = true, version = "lancet 0.1.0",
        description = "Pure-Java Llama runtime with a neuron edit stage.",
        subcommands = {
                CommandLine.HelpCommand.class,
                BenchCommand.class,
                InspectCommand.class,
                LogitsCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                TokenizeCommand.class,
                DetokenizeCommand.class,
                ChatTemplateCommand.class,
                ValuesCommand.class,
                RecordCommand.class,
                ControlVectorCommand.class,
        })
public final class Lancet {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in-process and returns the exit code; tests call this. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** Runs the CLI with the given output streams (tests capture stdout and stderr this way). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Lancet());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(FailureHandler::onBadArguments);
        return cli;
    }
}
