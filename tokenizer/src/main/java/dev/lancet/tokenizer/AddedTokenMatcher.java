package dev.lancet.tokenizer;

import dev.lancet.tokenizer.text.UnicodeChars;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Cuts added tokens out of a text. Matches are leftmost-longest and non-overlapping (the Rust library
 * uses an Aho-Corasick automaton with that match kind); here a character trie is walked from each
 * position, O(text length x longest token). Then, as in the Rust library, a {@code single_word} token
 * inside a word is skipped, and {@code lstrip}/{@code rstrip} widen the match over adjacent white space.
 */
final class AddedTokenMatcher {
    /** Receives the pieces of a text in order: plain text, or an added token. */
    interface Sink {
        void text(String text, int start);

        void token(AddedToken token);
    }

    private static final class Node {
        char[] keys = new char[0];
        Node[] children = new Node[0];
        AddedToken token;

        Node child(char c) {
            int i = Arrays.binarySearch(keys, c);
            return i >= 0 ? children[i] : null;
        }
    }

    private final Node root;
    private final boolean[] firstChar = new boolean[0x10000];

    /** @param patterns the text each token is matched by, in the same order as {@code tokens} */
    AddedTokenMatcher(List<AddedToken> tokens, List<String> patterns) {
        TrieBuilder b = new TrieBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String p = patterns.get(i);
            if (p.isEmpty()) continue;
            b.add(p, tokens.get(i));
            firstChar[p.charAt(0)] = true;
        }
        root = b.build();
    }

    private static final class TrieBuilder {
        final TreeMap<Character, TrieBuilder> children = new TreeMap<>();
        AddedToken token;

        void add(String p, AddedToken t) {
            TrieBuilder n = this;
            for (int i = 0; i < p.length(); i++) n = n.children.computeIfAbsent(p.charAt(i), c -> new TrieBuilder());
            if (n.token == null) n.token = t;
        }

        Node build() {
            Node n = new Node();
            n.token = token;
            n.keys = new char[children.size()];
            n.children = new Node[children.size()];
            int i = 0;
            for (var e : children.entrySet()) {
                n.keys[i] = e.getKey();
                n.children[i++] = e.getValue().build();
            }
            return n;
        }
    }

    /** Feeds the pieces of {@code text} to {@code sink}; {@code start} of a text piece is its offset in {@code text}. */
    void split(String text, Sink sink) {
        int n = text.length();
        int emitted = 0;
        int i = 0;
        while (i < n) {
            if (!firstChar[text.charAt(i)]) {
                i++;
                continue;
            }
            Node node = root;
            AddedToken best = null;
            int bestEnd = -1;
            for (int j = i; j < n; j++) {
                node = node.child(text.charAt(j));
                if (node == null) break;
                if (node.token != null) {
                    best = node.token;
                    bestEnd = j + 1;
                }
            }
            if (best == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = bestEnd;
            i = bestEnd;
            if (best.singleWord()) {
                boolean spaceBefore = start == 0 || !UnicodeChars.isWordChar(text.codePointBefore(start));
                boolean spaceAfter = stop == n || !UnicodeChars.isWordChar(text.codePointAt(stop));
                if (!spaceBefore || !spaceAfter) continue;
            }
            if (best.lstrip()) {
                int s = start;
                while (s > emitted) {
                    int cp = text.codePointBefore(s);
                    if (!UnicodeChars.isWhiteSpace(cp)) break;
                    s -= Character.charCount(cp);
                }
                start = s;
            }
            if (best.rstrip()) {
                while (stop < n) {
                    int cp = text.codePointAt(stop);
                    if (!UnicodeChars.isWhiteSpace(cp)) break;
                    stop += Character.charCount(cp);
                }
                i = stop;
            }
            if (start > emitted) sink.text(text.substring(emitted, start), emitted);
            sink.token(best);
            emitted = stop;
        }
        if (emitted < n) sink.text(emitted == 0 ? text : text.substring(emitted), emitted);
    }
}
