/**
 * The contrastive query scorer of AugCon's step 2, small enough to train and run on a CPU.
 *
 * <p>A frozen text encoder ({@link io.augcon.scorer.Encoders}: bge-small-zh by default, or
 * bge-small-en) turns the context and the query into unit vectors {@code c} and {@code q}; a
 * one-hidden-layer MLP over {@link io.augcon.scorer.FeatureLayout features} of the two
 * ({@code [c, q, c*q, |c-q|]} by default) gives the score. The head is trained with DJL on
 * PyTorch (CPU, offline: {@link io.augcon.scorer.encoder.DjlOffline}) from (context, positive, negative)
 * pairs ({@link io.augcon.scorer.ScorerPairs}) with the paper's or the reference's
 * {@link io.augcon.scorer.ContrastiveLoss loss}, and scored in plain Java.
 *
 * <pre>{@code
 * TextEncoder encoder = Encoders.byName("bge-small-zh");
 * TrainedScorer trained = ScorerTrainer.builder().encoder(encoder).build()
 *     .train(ScorerPairs.read(Path.of("pairs.jsonl")));
 * System.out.println(trained.report().summary());
 * trained.scorer().save(Path.of("scorer.json"));
 *
 * QueryScorer scorer = ContrastiveScorer.load(Path.of("scorer.json"), encoder);
 * QueryScorer baseline = new CosineScorer(encoder);      // no training
 * }</pre>
 *
 * <p>Measured numbers and how they were made: {@code augcon-scorer/BENCHMARKS.md}.
 */
package io.augcon.scorer;
