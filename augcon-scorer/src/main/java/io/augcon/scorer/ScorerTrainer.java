package io.augcon.scorer;

import io.augcon.api.TextEncoder;
import io.augcon.api.internal.Knob;
import io.augcon.core.scoring.QueryPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Trains a {@link ContrastiveScorer} from (context, positive, negative) pairs: the encoder is
 * frozen, every distinct text is encoded once, and a one-hidden-layer MLP head over
 * {@link FeatureLayout features} of the two vectors is trained with DJL on PyTorch (CPU, one
 * thread) to score positives above negatives ({@link ContrastiveLoss}). A share of the pairs is
 * held out; training stops when the held-out loss has not improved for {@code patience} epochs,
 * and the weights of the best epoch are kept. The same seed gives the same scorer.
 *
 * <pre>{@code
 * TrainedScorer trained = ScorerTrainer.builder()
 *     .encoder(Encoders.byName("bge-small-zh"))
 *     .loss(ContrastiveLoss.LOG_SIGMOID_MARGIN)
 *     .heldOutFraction(0.15)
 *     .seed(7)
 *     .build()
 *     .train(ScorerPairs.read(Path.of("pairs.jsonl")));
 * System.out.println(trained.report().summary());
 * }</pre>
 */
public final class ScorerTrainer {
    private final TextEncoder encoder;
    private final ContrastiveLoss loss;
    private final FeatureLayout features;
    private final double heldOutFraction;
    private final boolean splitByContext;
    private final HeadTrainer.Settings settings;

    private ScorerTrainer(Builder b, TextEncoder encoder) {
        this.encoder = Encoded.cached(encoder);
        this.loss = b.loss;
        this.features = b.features;
        this.heldOutFraction = b.heldOutFraction;
        this.splitByContext = b.splitByContext;
        this.settings = new HeadTrainer.Settings(b.hiddenUnits, b.learningRate, b.weightDecay, b.dropout,
                b.batchSize, b.maxEpochs, b.patience, b.seed, b.loss);
    }

    /** A builder with the defaults listed on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Holds out {@code heldOutFraction} of {@code pairs} (whole contexts at a time unless
     * {@link Builder#splitByContext(boolean) splitByContext(false)}), trains on the rest.
     */
    public TrainedScorer train(List<QueryPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pairs to train on");
        }
        List<List<QueryPair>> split = split(pairs);
        return train(split.get(0), split.get(1));
    }

    /** Trains on {@code training}, stopping early on {@code heldOut} (which may be empty: then all epochs run). */
    public TrainedScorer train(List<QueryPair> training, List<QueryPair> heldOut) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no pairs to train on");
        }
        long start = System.nanoTime();
        Map<String, float[]> vectors = encodeDistinct(training, heldOut);
        long encodeMillis = (System.nanoTime() - start) / 1_000_000;
        int dimension = vectors.values().iterator().next().length;
        HeadTrainer.Features train = features(training, vectors, dimension);
        HeadTrainer.Features held = features(heldOut, vectors, dimension);

        long trainStart = System.nanoTime();
        HeadTrainer.Result result = HeadTrainer.train(settings, train, held);
        long trainMillis = (System.nanoTime() - trainStart) / 1_000_000;

        double bestHeldOut = heldOut.isEmpty() ? Double.NaN : result.heldOutAccuracy().get(result.bestEpoch() - 1);
        TrainingReport report = new TrainingReport(encoder.id(), loss, features, settings.hidden(), settings.seed(),
                training.size(), heldOut.size(), result.epochsRun(), result.bestEpoch(), result.stoppedEarly(),
                result.initialTrainLoss(), result.trainLoss(), result.heldOutLoss(), result.heldOutAccuracy(),
                result.trainAccuracy(), bestHeldOut, encodeMillis, trainMillis);
        ContrastiveScorer scorer = new ContrastiveScorer(encoder, encoder.id(), dimension, features, loss,
                result.head(), report);
        return new TrainedScorer(scorer, report);
    }

    /** [training, held out], from a {@link Random} seeded with the trainer's seed. */
    List<List<QueryPair>> split(List<QueryPair> pairs) {
        int wanted = (int) Math.round(pairs.size() * heldOutFraction);
        if (heldOutFraction > 0 && wanted == 0 && pairs.size() > 1) {
            wanted = 1;
        }
        if (wanted >= pairs.size()) {
            wanted = pairs.size() - 1;
        }
        Random random = new Random(settings.seed() * 31 + 17);
        List<QueryPair> training = new ArrayList<>();
        List<QueryPair> heldOut = new ArrayList<>();
        Map<String, List<QueryPair>> byContext = new LinkedHashMap<>();
        for (QueryPair pair : pairs) {
            byContext.computeIfAbsent(splitByContext ? pair.context() : pair.context() + "\u0000" + byContext.size(),
                    k -> new ArrayList<>()).add(pair);
        }
        List<List<QueryPair>> groups = new ArrayList<>(byContext.values());
        if (groups.size() < 2) { // one context: only a split by pair is possible
            groups = new ArrayList<>();
            for (QueryPair pair : pairs) {
                groups.add(List.of(pair));
            }
        }
        Collections.shuffle(groups, random);
        for (List<QueryPair> group : groups) {
            if (heldOut.size() < wanted && heldOut.size() + group.size() < pairs.size()) {
                heldOut.addAll(group);
            } else {
                training.addAll(group);
            }
        }
        return List.of(training, heldOut);
    }

    private Map<String, float[]> encodeDistinct(List<QueryPair> training, List<QueryPair> heldOut) {
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        for (List<QueryPair> list : List.of(training, heldOut)) {
            for (QueryPair pair : list) {
                texts.add(pair.context());
                texts.add(pair.positive());
                texts.add(pair.negative());
            }
        }
        List<String> ordered = new ArrayList<>(texts);
        float[][] encoded = encoder.encode(ordered);
        Map<String, float[]> vectors = new LinkedHashMap<>();
        int dimension = encoded[0].length;
        for (int i = 0; i < ordered.size(); i++) {
            if (encoded[i].length != dimension) {
                throw new IllegalStateException("encoder " + encoder.id() + " returned vectors of dimensions "
                        + dimension + " and " + encoded[i].length);
            }
            vectors.put(ordered.get(i), encoded[i]);
        }
        return vectors;
    }

    private HeadTrainer.Features features(List<QueryPair> pairs, Map<String, float[]> vectors, int dimension) {
        int width = features.width(dimension);
        float[] positive = new float[pairs.size() * width];
        float[] negative = new float[pairs.size() * width];
        for (int i = 0; i < pairs.size(); i++) {
            QueryPair pair = pairs.get(i);
            float[] c = vectors.get(pair.context());
            features.fill(c, vectors.get(pair.positive()), positive, i * width);
            features.fill(c, vectors.get(pair.negative()), negative, i * width);
        }
        return new HeadTrainer.Features(pairs.size(), width, positive, negative);
    }

    /** Settings of a {@link ScorerTrainer}; every one has a default. */
    public static final class Builder {
        private TextEncoder encoder;
        private ContrastiveLoss loss = ContrastiveLoss.LOG_SIGMOID_MARGIN;
        private FeatureLayout features = FeatureLayout.CONTEXT_QUERY_PRODUCT_DIFFERENCE;
        private int hiddenUnits = 64;
        private double learningRate = 1e-3;
        private double weightDecay = 1e-4;
        private double dropout = 0.1;
        private int batchSize = 32;
        private int maxEpochs = 100;
        private int patience = 8;
        private double heldOutFraction = 0.15;
        private boolean splitByContext = true;
        private long seed = 42;

        private Builder() {}

        /** The frozen encoder (default: {@code Encoders.byName("bge-small-zh")}, loaded by {@link #build()}). */
        public Builder encoder(TextEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
            return this;
        }

        /** The loss (default {@link ContrastiveLoss#LOG_SIGMOID_MARGIN}, the paper's). */
        public Builder loss(ContrastiveLoss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** The head's input (default {@link FeatureLayout#CONTEXT_QUERY_PRODUCT_DIFFERENCE}). */
        public Builder features(FeatureLayout features) {
            this.features = Objects.requireNonNull(features, "features");
            return this;
        }

        /** Width of the hidden layer (default 64). */
        public Builder hiddenUnits(int hiddenUnits) {
            this.hiddenUnits = Knob.atLeast("hiddenUnits", hiddenUnits, 1);
            return this;
        }

        /** Adam's learning rate (default 1e-3). */
        public Builder learningRate(double learningRate) {
            this.learningRate = Knob.positive("learningRate", learningRate);
            return this;
        }

        /** L2 weight decay added to the gradients (default 1e-4; 0 for none). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Knob.atLeast("weightDecay", weightDecay, 0);
            return this;
        }

        /** Dropout rate on the hidden layer while training (default 0.1; 0 for none). */
        public Builder dropout(double dropout) {
            this.dropout = Knob.inClosedOpen("dropout", dropout, 0, 1);
            return this;
        }

        /** Pairs per optimiser step (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = Knob.atLeast("batchSize", batchSize, 1);
            return this;
        }

        /** Upper bound on epochs (default 100). */
        public Builder maxEpochs(int maxEpochs) {
            this.maxEpochs = Knob.atLeast("maxEpochs", maxEpochs, 1);
            return this;
        }

        /** Epochs without a better held-out loss before stopping (default 8). */
        public Builder patience(int patience) {
            this.patience = Knob.atLeast("patience", patience, 1);
            return this;
        }

        /** Share of pairs held out for early stopping and the reported accuracy, in [0, 1) (default 0.15). */
        public Builder heldOutFraction(double heldOutFraction) {
            this.heldOutFraction = Knob.inClosedOpen("heldOutFraction", heldOutFraction, 0, 1);
            return this;
        }

        /**
         * Whether all pairs of one context go to the same side of the split (default true), so
         * the held-out accuracy is measured on contexts the head never saw. With a single
         * context the split is by pair regardless.
         */
        public Builder splitByContext(boolean splitByContext) {
            this.splitByContext = splitByContext;
            return this;
        }

        /** Seed of the split, the initial weights, the batch order and dropout (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The trainer; loads the default encoder if none was given. */
        public ScorerTrainer build() {
            return new ScorerTrainer(this, encoder != null ? encoder : Encoders.byName(Encoders.DEFAULT));
        }
    }
}
