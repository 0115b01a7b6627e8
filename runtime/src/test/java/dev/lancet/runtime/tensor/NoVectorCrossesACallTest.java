package dev.lancet.runtime.tensor;

import jdk.incubator.vector.Vector;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' JIT rule, checked on the compiled runtime: no method takes or returns a Vector API vector.
 * Where C2 does not inline such a method (its own compilation came first, a cold call site inlines at most 35
 * bytecodes, a large caller's node budget ran out) every vector crossing the call is boxed on the heap, and a
 * kernel that ran allocation-free becomes one that allocates per call, depending on the run (docs/ARCHITECTURE.md).
 */
class NoVectorCrossesACallTest {
    @Test
    void noRuntimeMethodTakesOrReturnsAVector() throws Exception {
        Path root = Path.of(VectorKernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("module-info") || name.endsWith("package-info")) continue;
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                classes++;
                for (Method m : c.getDeclaredMethods()) {
                    boolean vector = Vector.class.isAssignableFrom(m.getReturnType());
                    for (Class<?> p : m.getParameterTypes()) vector |= Vector.class.isAssignableFrom(p);
                    if (vector) offenders.add(c.getName() + "." + m.getName());
                }
            }
        }
        assertTrue(classes > 50, "found only " + classes + " runtime classes under " + root);
        assertEquals(List.of(), offenders, "methods that hand a vector across a call");
    }
}
