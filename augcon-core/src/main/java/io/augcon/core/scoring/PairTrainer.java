package io.augcon.core.scoring;

import io.augcon.api.QueryScorer;
import java.util.List;

/**
 * Trains a query scorer on contrastive pairs; plugged into {@link
 * io.augcon.core.AugConBuilder#trainScorer(PairTrainer)} so a run trains its scorer on its own
 * trees before ranking, as the paper does. {@code augcon-scorer} provides the implementation.
 */
@FunctionalInterface
public interface PairTrainer {

    /** A scorer trained on {@code pairs}; throws when the pairs are too few to train on. */
    QueryScorer train(List<QueryPair> pairs);
}
