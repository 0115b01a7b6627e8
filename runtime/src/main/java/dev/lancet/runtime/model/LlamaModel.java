package dev.lancet.runtime.model;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.safetensors.SafetensorsCheckpoint;
import dev.lancet.runtime.safetensors.TensorInfo;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.runtime.tensor.MatrixLoader;
import dev.lancet.runtime.tensor.WeightFormat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A loaded Llama-family model: config, memory-mapped weights and the RoPE table. Immutable and
 * shared: many {@link dev.lancet.runtime.forward.Session}s may run on it concurrently.
 * Every tensor the config implies is checked for presence and shape at load time.
 */
public final class LlamaModel implements AutoCloseable {
    private final Path dir;
    private final ModelConfig config;
    private final SafetensorsCheckpoint checkpoint;
    private final Arena arena;
    private final Matrix embed;
    private final LayerWeights[] layers;
    private final float[] finalNorm;
    private final Matrix lmHead;

    private LlamaModel(Path dir, ModelConfig config, SafetensorsCheckpoint checkpoint, Arena arena, Matrix embed,
                       LayerWeights[] layers, float[] finalNorm, Matrix lmHead) {
        this.dir = dir;
        this.config = config;
        this.checkpoint = checkpoint;
        this.arena = arena;
        this.embed = embed;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
    }

    public static LlamaModel load(Path dir) {
        return load(dir, LoadOptions.DEFAULT);
    }

    /** Loads with options, e.g. a weight format to convert to ({@code q8_0} quantizes on load). */
    public static LlamaModel load(Path dir, LoadOptions options) {
        ModelConfig config = ModelConfig.load(dir);
        SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir);
        Arena arena = Arena.ofShared();
        try {
            Loader l = new Loader(ckpt, config, arena, options);
            int h = config.hiddenSize(), q = config.qDim(), kv = config.kvDim(), ffn = config.intermediateSize();
            Matrix embed = l.matrix("model.embed_tokens.weight", config.vocabSize(), h);
            LayerWeights[] layers = new LayerWeights[config.numLayers()];
            for (int i = 0; i < layers.length; i++) {
                String p = "model.layers." + i + ".";
                boolean bias = config.attentionBias();
                layers[i] = new LayerWeights(
                        l.vector(p + "input_layernorm.weight", h),
                        l.matrix(p + "self_attn.q_proj.weight", q, h),
                        l.matrix(p + "self_attn.k_proj.weight", kv, h),
                        l.matrix(p + "self_attn.v_proj.weight", kv, h),
                        bias ? l.vector(p + "self_attn.q_proj.bias", q) : null,
                        bias ? l.vector(p + "self_attn.k_proj.bias", kv) : null,
                        bias ? l.vector(p + "self_attn.v_proj.bias", kv) : null,
                        l.matrix(p + "self_attn.o_proj.weight", h, q),
                        l.vector(p + "post_attention_layernorm.weight", h),
                        l.matrix(p + "mlp.gate_proj.weight", ffn, h),
                        l.matrix(p + "mlp.up_proj.weight", ffn, h),
                        l.matrix(p + "mlp.down_proj.weight", h, ffn));
            }
            float[] norm = l.vector("model.norm.weight", h);
            Matrix head = config.tieWordEmbeddings() && !ckpt.has("lm_head.weight")
                    ? embed : l.matrix("lm_head.weight", config.vocabSize(), h);
            // every matrix converted or copied, every vector read into an array: nothing reads the file mapping again.
            // Each matrix's range was unloaded after its conversion, but a vector read afterwards maps the pages
            // around it again (a whole large folio where the page cache holds one: right after a checkpoint is
            // written, q8_0 kept 15-22 MiB of it mapped), so the whole mapping goes at the end
            boolean inPlace = ckpt.tensors().values().stream().anyMatch(t -> t.shape().length == 2 && options.readsInPlace(t.dtype()));
            if (!inPlace) ckpt.unloadAll();
            return new LlamaModel(dir, config, ckpt, arena, embed, layers, norm, head);
        } catch (RuntimeException e) {
            arena.close();
            ckpt.close();
            throw e;
        }
    }

    /** Checks each tensor's shape against the config before wrapping it. */
    private record Loader(SafetensorsCheckpoint ckpt, ModelConfig config, Arena arena, LoadOptions options) {
        Matrix matrix(String name, int rows, int cols) {
            TensorInfo t = check(name, rows, cols);
            MemorySegment stored = ckpt.data(name);
            Matrix loaded = MatrixLoader.load(name, t.dtype(), stored, rows, cols, options.weightFormat(), arena);
            Matrix m = options.copyToMemory() ? MatrixLoader.copyIfMapped(loaded, arena) : MatrixLoader.plainView(loaded, arena);
            // Converted or copied: the kernels never read these file pages again, so they leave this process's
            // resident set (madvise DONTNEED on a read-only file mapping; they stay in the page cache).
            if (!options.readsInPlace(t.dtype()) && stored.isMapped()) stored.unload();
            return m;
        }

        float[] vector(String name, int n) {
            check(name, n);
            return ckpt.readFloats(name);
        }

        private TensorInfo check(String name, long... shape) {
            TensorInfo t = ckpt.info(name);
            if (!Arrays.equals(t.shape(), shape)) {
                throw new ModelException(ckpt.fileOf(name) + ": tensor '" + name + "' has shape " + t.shapeString()
                        + " but config.json implies " + Arrays.toString(shape));
            }
            if (!t.dtype().isFloatWeight()) {
                throw new ModelException(ckpt.fileOf(name) + ": tensor '" + name + "' has dtype " + t.dtype() + "; weights must be F32, F16 or BF16");
            }
            return t;
        }
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    public SafetensorsCheckpoint checkpoint() {
        return checkpoint;
    }

    public Matrix embed() {
        return embed;
    }

    public LayerWeights layer(int i) {
        return layers[i];
    }

    public List<LayerWeights> layers() {
        return List.of(layers);
    }

    public float[] finalNorm() {
        return finalNorm;
    }

    public Matrix lmHead() {
        return lmHead;
    }

    /** The format the layer matrices are held in (as stored, or as converted on load). */
    public WeightFormat weightFormat() {
        return layers[0].wq().format();
    }

    /**
     * FLOPs of the matrix products of a prefill of {@code promptTokens} (2 per multiply-add), attention
     * excluded (see {@link #prefillAttentionFlops}): every layer matrix for each token, the lm_head once (only the
     * last position's logits are computed; the lm_head is a fifth of smollm2's weights, so counting it per token
     * overstated a prefill's GFLOP/s by 1.27x).
     */
    public long prefillMatmulFlops(int promptTokens) {
        long layer = 0;
        for (LayerWeights l : layers) {
            for (Matrix m : new Matrix[]{l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down()}) layer += (long) m.rows() * m.cols();
        }
        return 2 * (layer * promptTokens + (long) lmHead.rows() * lmHead.cols());
    }

    /**
     * FLOPs of the attention of a prefill of {@code promptTokens} from position 0 (2 per multiply-add): the token at
     * position p scores p + 1 keys and sums p + 1 values in every query head, headDim multiply-adds each, so
     * {@code 2 * 2 * headDim * heads * layers * sum_{p < P} (p + 1) = 2 * headDim * heads * layers * P * (P + 1)}.
     * Only what causal attention needs: score lanes a tile computes past a token's last position and discards are
     * not counted, nor the softmax's exponentials (not fma work).
     */
    public long prefillAttentionFlops(int promptTokens) {
        long p = promptTokens;
        return 2L * config.headDim() * config.numHeads() * config.numLayers() * p * (p + 1);
    }

    /**
     * Every FLOP of a prefill's fma work, matrix products and attention ({@link #prefillMatmulFlops} +
     * {@link #prefillAttentionFlops}): what prefill GFLOP/s and its fraction of the FMA peak count, as
     * model-FLOPs utilisation counts them. Norms, RoPE, SwiGLU and the residual adds (a few FLOPs an element) are left out.
     */
    public long prefillFlops(int promptTokens) {
        return prefillMatmulFlops(promptTokens) + prefillAttentionFlops(promptTokens);
    }

    /** Parameters counted once (a tied lm_head is not counted twice). */
    public long parameterCount() {
        long n = 0;
        for (TensorInfo t : checkpoint.tensors().values()) n += t.elementCount();
        return n;
    }

    /**
     * Bytes of KV cache one decode step reads when it attends {@code positions} cached positions: every layer's
     * keys and values, {@code bytesPerElement} each (4 for an F32 cache, whatever the weights' type; 2 for a 16-bit
     * one), {@code 2 x layers x kvDim x bytesPerElement x positions}. Not part of {@link #weightBytesPerToken}, the
     * roofline's bytes; it grows with the context.
     */
    public long kvBytesRead(int positions, int bytesPerElement) {
        return 2L * config.numLayers() * config.kvDim() * bytesPerElement * positions;
    }

    /** Weight bytes read per decoded token: every matrix once (the embedding row read is negligible unless tied). */
    public long weightBytesPerToken() {
        long n = lmHead.byteSize();
        for (LayerWeights l : layers) {
            n += l.wq().byteSize() + l.wk().byteSize() + l.wv().byteSize() + l.wo().byteSize()
                    + l.gate().byteSize() + l.up().byteSize() + l.down().byteSize();
        }
        return n;
    }

    @Override
    public void close() {
        arena.close();
        checkpoint.close();
    }
}
