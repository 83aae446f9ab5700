package io.augcon.scorer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains the {@link Mlp} head with DJL on the PyTorch engine (CPU, single-threaded), with early
 * stopping on the held-out loss. Weights are initialised, batches shuffled and dropout masks drawn
 * from one {@link Random} with the given seed, and PyTorch runs on one thread, so a seed gives the
 * same weights every time. Held-out pairs are scored by the exported plain-Java head, the same
 * code that scores at inference.
 */
final class HeadTrainer {
    private static final Object LOCK = new Object(); // DJL allows one gradient collector at a time
    private static final String[] NAMES = {"w1", "b1", "w2", "b2"};

    /** The knobs of one training run. */
    record Settings(int hidden, double learningRate, double weightDecay, double dropout, int batchSize,
                    int maxEpochs, int patience, long seed, ContrastiveLoss loss) {}

    /** Pairs as feature rows: row {@code i} of {@code positive} and of {@code negative} belong together. */
    record Features(int rows, int width, float[] positive, float[] negative) {
        Features {
            if (positive.length != rows * width || negative.length != rows * width) {
                throw new IllegalArgumentException("feature arrays do not hold " + rows + " rows of " + width);
            }
        }
    }

    /** What training produced: the head of the best epoch, and the curves. */
    record Result(Mlp head, int bestEpoch, int epochsRun, boolean stoppedEarly, double initialTrainLoss,
                  List<Double> trainLoss, List<Double> heldOutLoss, List<Double> heldOutAccuracy,
                  double trainAccuracy) {}

    private HeadTrainer() {}

    static Result train(Settings settings, Features train, Features heldOut) {
        synchronized (LOCK) {
            return trainLocked(settings, train, heldOut);
        }
    }

    private static Result trainLocked(Settings s, Features train, Features heldOut) {
        Engine engine = DjlRuntime.pytorch();
        engine.setRandomSeed((int) s.seed());
        Random random = new Random(s.seed());
        int width = train.width();
        int hidden = s.hidden();
        float[][] init = initialWeights(width, hidden, random);
        Mlp initial = new Mlp(width, hidden, init[0], init[1], init[2], init[3][0]);
        double initialTrainLoss = evaluate(initial, train, s.loss())[0];

        List<Double> trainLoss = new ArrayList<>();
        List<Double> heldOutLoss = new ArrayList<>();
        List<Double> heldOutAccuracy = new ArrayList<>();
        Mlp best = initial;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        boolean stoppedEarly = false;

        try (NDManager manager = engine.newBaseManager()) {
            NDArray[] params = {
                manager.create(init[0], new Shape(hidden, width)),
                manager.create(init[1], new Shape(hidden)),
                manager.create(init[2], new Shape(hidden, 1)),
                manager.create(init[3], new Shape(1)),
            };
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            Optimizer optimizer = Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed((float) s.learningRate()))
                    .optWeightDecays((float) s.weightDecay())
                    .build();
            int[] order = new int[train.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            float[] xp = new float[s.batchSize() * width];
            float[] xn = new float[s.batchSize() * width];
            while (epoch < s.maxEpochs()) {
                epoch++;
                shuffle(order, random);
                double sum = 0;
                for (int from = 0; from < order.length; from += s.batchSize()) {
                    int rows = Math.min(s.batchSize(), order.length - from);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(train.positive(), order[from + r] * width, xp, r * width, width);
                        System.arraycopy(train.negative(), order[from + r] * width, xn, r * width, width);
                    }
                    sum += step(manager, engine, params, optimizer, s, random, xp, xn, rows, width) * rows;
                }
                trainLoss.add(sum / order.length);
                Mlp head = export(params, width, hidden);
                if (heldOut.rows() == 0) {
                    best = head;
                    bestEpoch = epoch;
                    continue;
                }
                double[] eval = evaluate(head, heldOut, s.loss());
                heldOutLoss.add(eval[0]);
                heldOutAccuracy.add(eval[1]);
                if (eval[0] < bestLoss) {
                    bestLoss = eval[0];
                    best = head;
                    bestEpoch = epoch;
                } else if (epoch - bestEpoch >= s.patience()) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        double trainAccuracy = evaluate(best, train, s.loss())[1];
        return new Result(best, bestEpoch, epoch, stoppedEarly, initialTrainLoss, List.copyOf(trainLoss),
                List.copyOf(heldOutLoss), List.copyOf(heldOutAccuracy), trainAccuracy);
    }

    /** One optimiser step on one batch; returns the batch loss. */
    private static double step(NDManager manager, Engine engine, NDArray[] params, Optimizer optimizer, Settings s,
                               Random random, float[] xp, float[] xn, int rows, int width) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray pos = batch.create(FloatBuffer.wrap(xp, 0, rows * width), new Shape(rows, width));
            NDArray neg = batch.create(FloatBuffer.wrap(xn, 0, rows * width), new Shape(rows, width));
            NDArray maskPos = dropoutMask(batch, random, rows, params[1].getShape().get(0), s.dropout());
            NDArray maskNeg = dropoutMask(batch, random, rows, params[1].getShape().get(0), s.dropout());
            double value;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray sPos = forward(pos, params, maskPos);
                NDArray sNeg = forward(neg, params, maskNeg);
                NDArray loss = loss(sPos, sNeg, s.loss());
                collector.backward(loss);
                value = loss.getFloat();
            }
            for (int i = 0; i < params.length; i++) {
                try (NDArray gradient = params[i].getGradient()) {
                    optimizer.update(NAMES[i], params[i], gradient);
                    gradient.subi(gradient);
                }
            }
            return value;
        }
    }

    private static NDArray forward(NDArray x, NDArray[] p, NDArray mask) {
        NDArray hiddenUnits = Activation.relu(x.matMul(p[0].transpose()).add(p[1]));
        if (mask != null) {
            hiddenUnits = hiddenUnits.mul(mask);
        }
        return hiddenUnits.matMul(p[2]).reshape(-1).add(p[3]);
    }

    private static NDArray loss(NDArray sPos, NDArray sNeg, ContrastiveLoss loss) {
        switch (loss) {
            case LOG_SIGMOID_MARGIN: {
                NDArray d = sPos.sub(sNeg);
                // log sigmoid(d) = min(d, 0) - log(1 + exp(-|d|)), stable for any d
                NDArray logSigmoid = d.minimum(0f).sub(d.abs().neg().exp().add(1f).log());
                return logSigmoid.mean().neg();
            }
            case SIGMOID_DIFFERENCE:
                return Activation.sigmoid(sNeg).mean().sub(Activation.sigmoid(sPos).mean());
            default:
                throw new AssertionError(loss);
        }
    }

    /** Inverted dropout on the hidden layer: zeros with probability {@code rate}, survivors scaled by 1/(1-rate). */
    private static NDArray dropoutMask(NDManager manager, Random random, int rows, long hidden, double rate) {
        if (rate <= 0) {
            return null;
        }
        float keep = (float) (1 / (1 - rate));
        float[] mask = new float[(int) (rows * hidden)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
        }
        return manager.create(mask, new Shape(rows, hidden));
    }

    private static Mlp export(NDArray[] p, int width, int hidden) {
        return new Mlp(width, hidden, p[0].toFloatArray(), p[1].toFloatArray(), p[2].toFloatArray(), p[3].toFloatArray()[0]);
    }

    /** Xavier-uniform weights, zero biases, drawn from {@code random}. */
    private static float[][] initialWeights(int width, int hidden, Random random) {
        float[] w1 = new float[hidden * width];
        double a1 = Math.sqrt(6.0 / (width + hidden));
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) ((random.nextDouble() * 2 - 1) * a1);
        }
        float[] w2 = new float[hidden];
        double a2 = Math.sqrt(6.0 / (hidden + 1));
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) ((random.nextDouble() * 2 - 1) * a2);
        }
        return new float[][] {w1, new float[hidden], w2, new float[1]};
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Mean loss and pairwise accuracy (fraction with s+ > s-) of {@code head} on {@code pairs}. */
    static double[] evaluate(Mlp head, Features pairs, ContrastiveLoss loss) {
        if (pairs.rows() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sp = new double[pairs.rows()];
        double[] sn = new double[pairs.rows()];
        head.scoreRows(pairs.positive(), pairs.rows(), sp);
        head.scoreRows(pairs.negative(), pairs.rows(), sn);
        double sum = 0;
        int correct = 0;
        for (int r = 0; r < pairs.rows(); r++) {
            sum += loss.of(sp[r], sn[r]);
            if (sp[r] > sn[r]) {
                correct++;
            }
        }
        return new double[] {sum / pairs.rows(), correct / (double) pairs.rows()};
    }
}
