package dev.lancet.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real stories260K GGUF (a third-party conversion) read by GgufFile and checked against the same model's
 * Hugging Face files (config.json, tokenizer.json, model.safetensors), parsed here independently.
 */
class GgufStoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path hfDir;
    private static GgufFile gguf;
    private static Map<String, float[]> hfTensors;
    private static Map<String, long[]> hfShapes;

    static Path sharedDir() {
        String env = System.getenv("LANCET_SHARED");
        String root = System.getProperty("lancet.root");
        Path shared = env != null ? Path.of(env) : root != null ? Path.of(root).resolve("../shared").normalize() : null;
        Assumptions.assumeTrue(shared != null && Files.isDirectory(shared.resolve("models")),
                "shared data not found (set LANCET_SHARED or run from the repo so that ../shared exists): " + shared);
        return shared;
    }

    @BeforeAll
    static void open() throws IOException {
        Path shared = sharedDir();
        hfDir = shared.resolve("models/stories260K");
        gguf = GgufFile.open(shared.resolve("models/stories260K-gguf/stories260K.gguf"));
        readSafetensors(hfDir.resolve("model.safetensors"));
    }

    @AfterAll
    static void close() {
        if (gguf != null) {
            gguf.close();
        }
    }

    /** safetensors: u64 LE header length, JSON {name: {dtype, shape, data_offsets [begin, end)}}, then the data. */
    private static void readSafetensors(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(all.getLong(0));
        JsonNode header = JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        hfTensors = new java.util.HashMap<>();
        hfShapes = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            assertEquals("F32", e.getValue().get("dtype").asText());
            int begin = 8 + headerLength + e.getValue().get("data_offsets").get(0).asInt();
            int end = 8 + headerLength + e.getValue().get("data_offsets").get(1).asInt();
            float[] v = new float[(end - begin) / 4];
            all.slice(begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            hfTensors.put(e.getKey(), v);
            long[] shape = new long[e.getValue().get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get("shape").get(i).asLong();
            }
            hfShapes.put(e.getKey(), shape);
        }
    }

    @Test
    void headerAndMetadataMatchTheModelConfig() throws IOException {
        JsonNode config = JSON.readTree(hfDir.resolve("config.json").toFile());
        assertEquals(3, gguf.version());
        assertEquals(48, gguf.tensors().size());
        assertEquals(32, gguf.alignment());
        assertEquals("llama", gguf.getString("general.architecture"));
        assertEquals(config.get("hidden_size").asLong(), gguf.getLong("llama.embedding_length"));
        assertEquals(config.get("num_hidden_layers").asLong(), gguf.getLong("llama.block_count"));
        assertEquals(config.get("intermediate_size").asLong(), gguf.getLong("llama.feed_forward_length"));
        assertEquals(config.get("num_attention_heads").asLong(), gguf.getLong("llama.attention.head_count"));
        assertEquals(config.get("num_key_value_heads").asLong(), gguf.getLong("llama.attention.head_count_kv"));
        assertEquals((float) config.get("rms_norm_eps").asDouble(), gguf.metadata().get("llama.attention.layer_norm_rms_epsilon"));
        assertEquals(config.get("bos_token_id").asLong(), gguf.getLong("tokenizer.ggml.bos_token_id"));
        assertEquals(config.get("eos_token_id").asLong(), gguf.getLong("tokenizer.ggml.eos_token_id"));
    }

    @Test
    void tokenizerArraysMatchTokenizerJson() throws IOException {
        int vocab = 512;
        List<?> tokens = assertInstanceOf(List.class, gguf.metadata().get("tokenizer.ggml.tokens"));
        assertEquals(vocab, tokens.size());
        assertEquals(vocab, assertInstanceOf(float[].class, gguf.metadata().get("tokenizer.ggml.scores")).length);
        assertEquals(vocab, assertInstanceOf(int[].class, gguf.metadata().get("tokenizer.ggml.token_type")).length);
        JsonNode pieces = JSON.readTree(hfDir.resolve("tokenizer.json").toFile()).get("model").get("vocab");
        assertEquals(vocab, pieces.size());
        for (Map.Entry<String, JsonNode> e : pieces.properties()) {
            assertEquals(e.getKey(), tokens.get(e.getValue().asInt()), "token id " + e.getValue());
        }
    }

    /** GGUF dims are ggml order (ne[0] fastest), the reverse of the HF shape; the row-major bytes are the same. */
    private static void assertSameTensor(String ggufName, String hfName) {
        GgufTensorInfo info = gguf.tensor(ggufName);
        long[] reversed = hfShapes.get(hfName).clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            long t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        assertArrayEquals(reversed, info.shape(), ggufName);
        assertEquals(GgmlType.F32, info.type());
        assertEquals(4 * info.elementCount(), gguf.tensorData(ggufName).byteSize());
        assertArrayEquals(hfTensors.get(hfName), gguf.readFloats(ggufName), ggufName + " vs " + hfName);
    }

    @Test
    void weightsMatchTheSafetensorsCheckpoint() {
        assertSameTensor("token_embd.weight", "model.embed_tokens.weight");
        assertSameTensor("output.weight", "model.embed_tokens.weight");   // tied embeddings, stored twice in the GGUF
        assertSameTensor("output_norm.weight", "model.norm.weight");
        for (int layer = 0; layer < 5; layer++) {
            String b = "blk." + layer + ".";
            String m = "model.layers." + layer + ".";
            assertSameTensor(b + "attn_norm.weight", m + "input_layernorm.weight");
            assertSameTensor(b + "ffn_norm.weight", m + "post_attention_layernorm.weight");
            assertSameTensor(b + "ffn_gate.weight", m + "mlp.gate_proj.weight");
            assertSameTensor(b + "ffn_up.weight", m + "mlp.up_proj.weight");
            assertSameTensor(b + "ffn_down.weight", m + "mlp.down_proj.weight");
            assertSameTensor(b + "attn_v.weight", m + "self_attn.v_proj.weight");
            assertSameTensor(b + "attn_output.weight", m + "self_attn.o_proj.weight");
        }
    }

    /**
     * q/k rows: GGUF keeps llama2.c's interleaved RoPE pairs, HF uses rotate-half. Within each head of size d,
     * GGUF row 2i + p is HF row p * d/2 + i (p = 0, 1).
     */
    @Test
    void queryAndKeyRowsArePermutedPerHead() {
        int dim = 64;
        int headDim = dim / 8;
        for (String[] pair : new String[][] {{"attn_q", "q_proj"}, {"attn_k", "k_proj"}}) {
            for (int layer = 0; layer < 5; layer++) {
                float[] g = gguf.readFloats("blk." + layer + "." + pair[0] + ".weight");
                float[] h = hfTensors.get("model.layers." + layer + ".self_attn." + pair[1] + ".weight");
                assertEquals(h.length, g.length);
                int rows = g.length / dim;
                for (int head = 0; head < rows / headDim; head++) {
                    for (int i = 0; i < headDim / 2; i++) {
                        for (int p = 0; p < 2; p++) {
                            int gRow = head * headDim + 2 * i + p;
                            int hRow = head * headDim + p * headDim / 2 + i;
                            assertArrayEquals(Arrays.copyOfRange(h, hRow * dim, hRow * dim + dim),
                                    Arrays.copyOfRange(g, gRow * dim, gRow * dim + dim), pair[0] + " layer " + layer);
                        }
                    }
                }
            }
        }
    }
}
