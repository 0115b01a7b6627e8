package dev.lancet.tokenizer.pretokenize;

/** Rewrites a slice of a piece as it is cut out (ByteLevel maps it to its byte alphabet), saving a substring. */
@FunctionalInterface
interface PieceEncoder {
    String encode(String text, int start, int end);
}
