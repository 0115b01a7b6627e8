package dev.lancet.cli;

import dev.lancet.steering.values.fixture.PlantedValueFixture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "fixture", description = "Write the planted-value fixture (a hand-built model with known value neurons, and its data).")
final class ValuesFixtureCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() {
        PlantedValueFixture.Written w = PlantedValueFixture.write(out, seed);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", w.model().toString());
        o.put("data", w.values().toString());
        o.put("pvq", w.pvq().toString());
        o.put("general", w.general().toString());
        o.put("planted", w.planted().toString());
        if (common.json) Json.print(spec.commandLine().getOut(), o);
        else {
            o.forEach((k, v) -> spec.commandLine().getOut().printf("%-8s %s%n", k, v));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
