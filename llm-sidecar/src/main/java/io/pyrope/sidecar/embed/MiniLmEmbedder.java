package io.pyrope.sidecar.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions, unit length) on ONNX Runtime, in process and offline: the
 * model ships in a Maven artifact. Loaded once, on first use or {@link #warmUp()} (about a
 * second). Texts of a call run one after another on the calling worker (a direct executor), so
 * the sidecar's bounded worker pool is the only parallelism.
 */
public final class MiniLmEmbedder implements Embedder {
    public static final String MODEL_ID = "all-minilm-l6-v2";
    public static final int DIMENSION = 384;

    private volatile AllMiniLmL6V2EmbeddingModel model;

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean normalized() {
        return true;
    }

    @Override
    public void warmUp() throws EmbeddingException {
        model();
    }

    @Override
    public List<float[]> embed(List<String> texts) throws EmbeddingException {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            segments.add(TextSegment.from(t));
        }
        List<Embedding> out;
        try {
            out = model().embedAll(segments).content();
        } catch (RuntimeException e) {
            throw new EmbeddingException(MODEL_ID + " failed: " + e, false, e);
        }
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) {
            vectors.add(e.vector());
        }
        return vectors;
    }

    private AllMiniLmL6V2EmbeddingModel model() throws EmbeddingException {
        AllMiniLmL6V2EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    try {
                        m = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
                    } catch (RuntimeException | LinkageError e) {
                        throw new EmbeddingException("cannot load " + MODEL_ID + ": " + e, false, e);
                    }
                    model = m;
                }
            }
        }
        return m;
    }
}
