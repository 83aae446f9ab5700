package io.augcon.scorer;

/**
 * The training objective over a batch of pairs with scores {@code s+ = s(C, q+)} and
 * {@code s- = s(C, q-)}.
 */
public enum ContrastiveLoss {
    /**
     * The paper's loss and the default: {@code -mean(log sigmoid(s+ - s-))}. Only the margin
     * between the two scores matters, so it keeps pushing until the positive wins clearly.
     */
    LOG_SIGMOID_MARGIN,
    /**
     * The reference implementation's loss: {@code -mean(sigmoid(s+)) + mean(sigmoid(s-))}. Each
     * score is pushed on its own, towards +inf for positives and -inf for negatives; the loss is
     * bounded in [-1, 1].
     */
    SIGMOID_DIFFERENCE;

    /** This loss for one pair, in double precision (the mean over pairs is the batch loss). */
    public double of(double positive, double negative) {
        switch (this) {
            case LOG_SIGMOID_MARGIN:
                return -logSigmoid(positive - negative);
            case SIGMOID_DIFFERENCE:
                return -sigmoid(positive) + sigmoid(negative);
            default:
                throw new AssertionError(this);
        }
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log(sigmoid(x)) without overflow: min(x, 0) - log(1 + exp(-|x|)). */
    static double logSigmoid(double x) {
        return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
    }
}
