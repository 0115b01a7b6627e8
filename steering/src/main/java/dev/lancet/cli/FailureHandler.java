package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Maps failures to one line on stderr and exit code 2; a stack trace only with {@code --verbose}. */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean verbose = parsed != null && hasVerbose(parsed);
        String message;
        if (ex instanceof LancetException || ex instanceof IllegalArgumentException
                || ex instanceof CommandLine.ParameterException) {
            message = ex.getMessage();
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            message = "I/O error: " + ex.getMessage();
        } else {
            message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        cli.getErr().println("lancet: " + message);
        if (verbose) ex.printStackTrace(cli.getErr());
        cli.getErr().flush();
        return EXIT_BAD_INPUT;
    }

    static int onBadArguments(CommandLine.ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        cli.getErr().println("lancet: " + ex.getMessage());
        cli.getErr().flush();
        return EXIT_BAD_INPUT;
    }

    private static boolean hasVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
