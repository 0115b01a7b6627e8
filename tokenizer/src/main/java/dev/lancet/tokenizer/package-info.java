/**
 * Hugging Face {@code tokenizer.json} pipelines: {@link dev.lancet.tokenizer.Tokenizer} reads the file
 * and builds the components it declares, one class per component, in the sub-packages
 * {@code normalize}, {@code pretokenize}, {@code model} (BPE), {@code postprocess} and {@code decode};
 * anything else fails with a {@link dev.lancet.tokenizer.TokenizerException} naming the component.
 *
 * <p>Semantics follow the Rust {@code tokenizers} library (checked against version 0.22.2 on thousands
 * of strings, and against the shared references). Deliberate or unavoidable differences:
 * <ul>
 *   <li>Unicode tables are Java's (Unicode 16); the Rust crates use older ones, so characters added to
 *       Unicode recently (e.g. U+2E55, U+1AF3) may be classed differently by Punctuation/StripAccents.</li>
 *   <li>Invalid UTF-8 from byte tokens becomes one U+FFFD per maximal ill-formed subsequence (as
 *       {@code from_utf8_lossy} and TextDecoder do) in ByteFallback too, where Rust writes one U+FFFD
 *       per byte of the run; this lets streaming emit a character the moment its last byte arrives.</li>
 *   <li>{@code truncation}, {@code padding} and tokenizer_config.json's
 *       {@code clean_up_tokenization_spaces} are ignored; decode returns the decoder chain's text.</li>
 * </ul>
 *
 * <p>Cost: added-token matching walks a trie from each position, O(n x longest token); regexes and
 * character-class splits are linear; BPE merges one word of m symbols in O(m log m) with a heap of
 * candidate pairs over a linked list of symbols (no rescans), and words up to 256 chars are cached. A
 * 1 MB string without spaces encodes in well under a second.
 */
package dev.lancet.tokenizer;
