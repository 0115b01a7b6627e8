package dev.lancet.tokenizer;

/**
 * An entry of tokenizer.json {@code added_tokens}: text that is cut out of the input before anything
 * else and encoded as one id.
 *
 * @param lstrip     also swallow white space on its left
 * @param rstrip     also swallow white space on its right
 * @param normalized match against the normalized text rather than the raw input
 * @param singleWord match only when not inside a word
 */
record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean normalized,
                  boolean singleWord) {
}
