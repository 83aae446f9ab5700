package io.augcon.scorer;

import java.util.List;

/**
 * What one training run did, measured as it ran. Losses are per pair (the mean over pairs); an
 * accuracy is the fraction of pairs whose positive scored strictly above the negative. Held-out
 * values are NaN (and the held-out lists empty) when no pairs were held out.
 *
 * @param encoder            the encoder's id
 * @param loss               the loss trained on
 * @param features           the feature layout
 * @param hiddenUnits        width of the hidden layer
 * @param seed               the seed
 * @param trainPairs         pairs trained on
 * @param heldOutPairs       pairs held out for early stopping and the accuracy below
 * @param epochsRun          epochs run (early stopping may end before the maximum)
 * @param bestEpoch          the epoch whose weights were kept (lowest held-out loss; the last when nothing is held out)
 * @param stoppedEarly       whether the held-out loss stopped improving before the maximum epochs
 * @param initialTrainLoss   training loss of the initial weights
 * @param trainLoss          mean training loss of each epoch (over its batches, with dropout if any)
 * @param heldOutLoss        held-out loss after each epoch
 * @param heldOutAccuracy    held-out pairwise accuracy after each epoch
 * @param trainAccuracy      training pairwise accuracy of the kept weights
 * @param bestHeldOutAccuracy held-out pairwise accuracy of the kept weights
 * @param encodeMillis       wall time spent encoding texts
 * @param trainMillis        wall time spent training the head (engine start included)
 */
public record TrainingReport(
        String encoder,
        ContrastiveLoss loss,
        FeatureLayout features,
        int hiddenUnits,
        long seed,
        int trainPairs,
        int heldOutPairs,
        int epochsRun,
        int bestEpoch,
        boolean stoppedEarly,
        double initialTrainLoss,
        List<Double> trainLoss,
        List<Double> heldOutLoss,
        List<Double> heldOutAccuracy,
        double trainAccuracy,
        double bestHeldOutAccuracy,
        long encodeMillis,
        long trainMillis) {

    /** Copies the lists. */
    public TrainingReport {
        trainLoss = List.copyOf(trainLoss);
        heldOutLoss = List.copyOf(heldOutLoss);
        heldOutAccuracy = List.copyOf(heldOutAccuracy);
    }

    /** The training loss of the last epoch run, or the initial loss if none ran. */
    public double finalTrainLoss() {
        return trainLoss.isEmpty() ? initialTrainLoss : trainLoss.get(trainLoss.size() - 1);
    }

    /** One line for a log. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s %s %s h=%d: %d train / %d held-out pairs, %d epochs (best %d%s), train loss %.4f -> %.4f, "
                        + "train acc %.3f, held-out acc %.3f, encode %d ms, train %d ms",
                encoder, loss, features, hiddenUnits, trainPairs, heldOutPairs, epochsRun, bestEpoch,
                stoppedEarly ? ", stopped early" : "", initialTrainLoss, finalTrainLoss(), trainAccuracy,
                bestHeldOutAccuracy, encodeMillis, trainMillis);
    }
}
