package dev.lancet.runtime.gguf;

import java.util.Arrays;

/**
 * One tensor of a GGUF file. {@code shape} is in ggml order: {@code shape[0]} (ne[0]) is the fastest-varying
 * dimension, so a Hugging Face weight of shape [out, in] appears here as [in, out]. {@code type} is null when
 * the tag {@code typeId} is unknown; then {@code byteSize} is -1 and the data cannot be read.
 * {@code fileOffset} is absolute (data section start + the stored relative offset).
 */
public record GgufTensorInfo(String name, long[] shape, int typeId, GgmlType type, long fileOffset, long byteSize) {

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Product of the dimensions (1 for a rank-0 tensor); bounded when the file was opened. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The type's name, or {@code unknown(tag)}. */
    public String typeName() {
        return type != null ? type.name() : "unknown(" + Integer.toUnsignedString(typeId) + ")";
    }

    @Override
    public String toString() {
        return name + " " + typeName() + " " + Arrays.toString(shape) + " @" + fileOffset + "+" + byteSize;
    }
}
