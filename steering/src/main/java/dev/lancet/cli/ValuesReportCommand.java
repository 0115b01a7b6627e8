package dev.lancet.cli;

import dev.lancet.steering.values.ReportOptions;
import dev.lancet.steering.values.SweepResult;
import dev.lancet.steering.values.ValueReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "report", description = "Regenerate the HTML/SVG report, JSON and CSV from a sweep.json.")
final class ValuesReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "sweep.json")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() {
        SweepResult sweep = SweepResult.read(in);
        List<Path> files = ValueReport.write(sweep, ReportOptions.defaults(), out);
        if (common.json) Json.print(spec.commandLine().getOut(), Map.of("files", files.stream().map(Path::toString).toList()));
        else {
            for (Path f : files) spec.commandLine().getOut().println(f);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
