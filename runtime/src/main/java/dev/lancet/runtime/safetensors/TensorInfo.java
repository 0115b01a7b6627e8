package dev.lancet.runtime.safetensors;

import java.util.Arrays;

/** One header entry: name, dtype, shape and byte range [begin, end) relative to the data section. */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
