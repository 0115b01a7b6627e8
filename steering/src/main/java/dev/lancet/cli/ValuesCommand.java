package dev.lancet.cli;

import picocli.CommandLine.Command;

/** {@code lancet values ...}: locate value neurons, steer, sweep, report. */
@Command(name = "values", description = "Value alignment in-process: locate, steer, sweep, report (see docs/VALUES.md).",
        subcommands = {
                ValuesLocateCommand.class,
                ValuesSteerCommand.class,
                ValuesSweepCommand.class,
                ValuesReportCommand.class,
                ValuesFixtureCommand.class,
        })
final class ValuesCommand {
}
